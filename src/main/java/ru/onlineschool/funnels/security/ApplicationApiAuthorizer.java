package ru.onlineschool.funnels.security;

import java.util.Map;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.camunda.bpm.webapp.impl.security.filter.Authorization;
import org.camunda.bpm.webapp.impl.security.filter.EngineRequestAuthorizer;
import org.camunda.bpm.webapp.impl.security.filter.RequestAuthorizer;

/**
 * Lets a request to an application's plugin API ({@code /camunda/api/cockpit/plugin/…}, the same
 * for admin and tasklist) through only for a signed-in user with ACCESS to that application.
 * Camunda's rules ask the plugin APIs for a sign-in only, so a manager — who has no Cockpit — got
 * Cockpit's department statistics from its plugins. Named in our copy of the webapps' security
 * rules ({@code school-security-rules.json}); the application comes from the rule's {@code {app}}.
 */
public class ApplicationApiAuthorizer implements RequestAuthorizer {

  private final EngineRequestAuthorizer signedIn = new EngineRequestAuthorizer();

  @Override
  public Authorization authorize(Map<String, String> parameters) {
    Authorization engine = signedIn.authorize(parameters);
    if (!engine.isGranted()) {
      return engine;
    }
    String application = parameters.get("app");
    if (engine.getAuthentication() instanceof UserAuthentication user && user.isAuthorizedForApp(application)) {
      return Authorization.granted(user).forApplication(application);
    }
    return Authorization.denied(engine.getAuthentication()).forApplication(application);
  }
}
