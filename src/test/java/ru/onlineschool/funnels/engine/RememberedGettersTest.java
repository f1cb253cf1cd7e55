package ru.onlineschool.funnels.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.ibatis.executor.Executor;
import org.apache.ibatis.mapping.MappedStatement;
import org.apache.ibatis.ognl.ObjectPropertyAccessor;
import org.apache.ibatis.ognl.OgnlRuntime;
import org.apache.ibatis.plugin.Interceptor;
import org.apache.ibatis.plugin.Intercepts;
import org.apache.ibatis.plugin.Invocation;
import org.apache.ibatis.plugin.Signature;
import org.apache.ibatis.session.ResultHandler;
import org.apache.ibatis.session.RowBounds;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.impl.TaskQueryImpl;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.db.AuthorizationCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import ru.onlineschool.funnels.identity.SchoolGroup;
import ru.onlineschool.funnels.support.ApplicationTest;

/**
 * The engine's statements read through remembered getters are the statements OGNL's own search
 * builds: same text, same parameters, for every ready-made Tasklist filter as a manager and as the
 * head of sales.
 */
@ApplicationTest
class RememberedGettersTest {

  @Autowired ProcessEngineConfigurationImpl engine;
  @Autowired FilterService filters;
  @Autowired TaskService tasks;
  @Autowired IdentityService identity;

  private final Keep keep = new Keep();

  @AfterEach
  void backToTheRememberedGetters() {
    identity.clearAuthentication();
    OgnlRuntime.setPropertyAccessor(TaskQueryImpl.class, RememberedGetters.instance());
    OgnlRuntime.setPropertyAccessor(AuthorizationCheck.class, RememberedGetters.instance());
  }

  @Test
  void theEnginesTaskStatementsAreBuiltAsOgnlBuildsThem() throws Exception {
    engine.getSqlSessionFactory().getConfiguration().addInterceptor(keep);
    for (String user : List.of("manager1", "rop")) {
      String group = user.equals("rop") ? SchoolGroup.SALES_HEADS.id() : SchoolGroup.MANAGERS.id();
      for (Filter filter : filters.createFilterQuery().list()) {
        identity.setAuthentication(user, List.of(group));
        keep.statements.clear();
        filters.listPage(filter.getId(), tasks.createTaskQuery().active(), 0, 15);
        filters.count(filter.getId(), tasks.createTaskQuery().active());
        identity.clearAuthentication();
        assertThat(keep.statements).as("«%s»: the page and the count", filter.getName()).hasSizeGreaterThanOrEqualTo(2);
        for (Kept kept : keep.statements) {
          List<String> remembered = built(kept);
          OgnlRuntime.setPropertyAccessor(TaskQueryImpl.class, new ObjectPropertyAccessor());
          OgnlRuntime.setPropertyAccessor(AuthorizationCheck.class, new ObjectPropertyAccessor());
          List<String> searched = built(kept);
          backToTheRememberedGetters();
          assertThat(remembered).as("«%s» as %s: %s", filter.getName(), user, kept.statement().getId()).isEqualTo(searched);
        }
      }
    }
  }

  /** The statement's text and the names of its parameters, built inside a command as the engine does. */
  private List<String> built(Kept kept) {
    return engine.getCommandExecutorTxRequired().execute(context -> {
      var bound = kept.statement().getBoundSql(kept.parameter());
      List<String> text = new ArrayList<>();
      text.add(bound.getSql());
      bound.getParameterMappings().forEach(mapping -> text.add(mapping.getProperty()));
      return text;
    });
  }

  @Test
  void aGetterIsTheJavaBeansGetterOrTheMethodNamedAsTheProperty() throws Exception {
    assertThat(RememberedGetters.getter(TaskQueryImpl.class, "assignee")).map(Method::getName).contains("getAssignee");
    // Task.xml writes «query.isOrQueryActive»: no getter of that name, the method itself.
    assertThat(RememberedGetters.getter(TaskQueryImpl.class, "isOrQueryActive")).map(Method::getName).contains("isOrQueryActive");
    assertThat(RememberedGetters.getter(Bean.class, "active")).map(Method::getName).contains("isActive");
    // «is» only for a boolean, as JavaBeans says; a field is left to OGNL.
    assertThat(RememberedGetters.getter(Bean.class, "name")).isEqualTo(Optional.empty());
    assertThat(RememberedGetters.getter(Bean.class, "field")).isEqualTo(Optional.empty());
    assertThat(RememberedGetters.getter(Hidden.class, "value")).isEqualTo(Optional.empty());
  }

  public static class Bean {
    public String field = "поле";

    public boolean isActive() {
      return true;
    }

    public String isName() {
      return "не getter";
    }
  }

  static class Hidden {
    public String getValue() {
      return "скрытый класс";
    }
  }

  record Kept(MappedStatement statement, Object parameter) {}

  @Intercepts(
      @Signature(
          type = Executor.class,
          method = "query",
          args = {MappedStatement.class, Object.class, RowBounds.class, ResultHandler.class}))
  static final class Keep implements Interceptor {
    final List<Kept> statements = java.util.Collections.synchronizedList(new ArrayList<>());

    @Override
    public Object intercept(Invocation invocation) throws Throwable {
      MappedStatement statement = (MappedStatement) invocation.getArgs()[0];
      if (statement.getId().contains("selectTask") || statement.getId().contains("Authoriz")) {
        statements.add(new Kept(statement, invocation.getArgs()[1]));
      }
      return invocation.proceed();
    }

    @Override
    public void setProperties(Properties properties) {}
  }
}
