package ru.onlineschool.funnels.support;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;

/**
 * The small test-only process {@code stage-listener-test} (two user tasks with stages), deployed
 * once; managers may read it, as they may read the sales funnels it stands in for.
 */
public final class TestProcess {

  public static final String KEY = "stage-listener-test";

  private TestProcess() {}

  public static void deploy(RepositoryService repository, AuthorizationService authorizations) {
    repository
        .createDeployment()
        .name(KEY)
        .addClasspathResource("bpmn-test/stage-listener-test.bpmn")
        .enableDuplicateFiltering(true)
        .deploy();
    if (authorizations.createAuthorizationQuery().groupIdIn("managers").resourceId(KEY).count() == 0) {
      Authorization read = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
      read.setGroupId("managers");
      read.setResource(Resources.PROCESS_DEFINITION);
      read.setResourceId(KEY);
      read.addPermission(ProcessDefinitionPermissions.READ);
      authorizations.saveAuthorization(read);
    }
  }
}
