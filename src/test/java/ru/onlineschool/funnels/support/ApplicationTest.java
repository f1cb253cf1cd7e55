package ru.onlineschool.funnels.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.camunda.community.process_test_coverage.spring_test.platform7.ProcessEngineCoverageConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole application on a random port, demo profile, an in-memory H2 of its own and the
 * job executor off (tests fire jobs themselves). Every test class with this annotation shares
 * ONE application context: the engine registers itself under the name «default» in a static
 * registry that the REST API reads, so a second live context would answer another test's REST
 * calls from its own database. Process tests add {@link ProcessTest} for coverage; they must
 * not import anything else. GreenMail ({@link MailServer}) is part of it: every client message
 * of every test goes to a real SMTP server; so are the fake Telegram and WhatsApp APIs
 * ({@link MessengerApis}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
@Import({ProcessEngineCoverageConfiguration.class, CoverageSettings.class, MailServer.class, MessengerApis.class})
public @interface ApplicationTest {}
