package ru.onlineschool.funnels.support;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;

/**
 * The small test-only process {@code stage-listener-test} (two user tasks with stages), deployed
 * once; managers have on it what they have on the sales funnels it stands in for: see every deal
 * and task, work tasks ({@code identity/AccessPolicy}; whose tasks, {@code engine/TaskWorkGuard}).
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
    Authorization managers =
        authorizations.createAuthorizationQuery().groupIdIn("managers").resourceType(Resources.PROCESS_DEFINITION).resourceId(KEY).singleResult();
    if (managers == null) {
      managers = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
      managers.setGroupId("managers");
      managers.setResource(Resources.PROCESS_DEFINITION);
      managers.setResourceId(KEY);
    }
    managers.setPermissions(
        new Permission[] {
          ProcessDefinitionPermissions.READ,
          ProcessDefinitionPermissions.READ_TASK,
          ProcessDefinitionPermissions.TASK_WORK,
          ProcessDefinitionPermissions.READ_INSTANCE,
          ProcessDefinitionPermissions.READ_INSTANCE_VARIABLE,
          ProcessDefinitionPermissions.READ_TASK_VARIABLE
        });
    authorizations.saveAuthorization(managers);
  }
}
