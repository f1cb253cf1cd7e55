package ru.onlineschool.funnels.engine;

import camundajar.impl.scala.collection.immutable.Map;
import camundajar.impl.scala.util.Either;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.dmn.feel.impl.FeelEngine;
import org.camunda.bpm.dmn.feel.impl.FeelEngineFactory;
import org.camunda.bpm.dmn.feel.impl.scala.ContextVariableWrapper;
import org.camunda.bpm.dmn.feel.impl.scala.ScalaFeelEngine;
import org.camunda.bpm.dmn.feel.impl.scala.function.FeelCustomFunctionProvider;
import org.camunda.bpm.engine.variable.context.VariableContext;
import org.camunda.feel.FeelEngine.Failure;
import org.camunda.feel.context.CustomContext;
import org.camunda.feel.context.VariableProvider;
import org.camunda.feel.syntaxtree.ParsedExpression;

/**
 * The engine's FEEL (the Scala FEEL engine Camunda 7 uses for DMN tables and our form checks) that
 * parses each expression once instead of at every evaluation. A lead evaluates the greeting-script
 * table and others; parsing the same few cells again and again was about a quarter of what DMN
 * cost a lead (issue 21).
 *
 * <p>Evaluation is the Scala engine's own, with the same variables and the same errors: an
 * expression that does not parse is not kept and goes the engine's way (which reports it), and an
 * evaluation that fails is repeated the engine's way so that its message is exactly the engine's.
 * Parsed expressions are immutable; the cache is bounded (the expressions come from deployed tables
 * and forms, a few hundred).
 */
public final class FeelParsedOnce extends ScalaFeelEngine {

  private static final int MAX_KEPT = 10_000;

  private final ConcurrentHashMap<String, ParsedExpression> expressions = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, ParsedExpression> unaryTests = new ConcurrentHashMap<>();

  FeelParsedOnce(List<FeelCustomFunctionProvider> functionProviders) {
    super(functionProviders);
  }

  /** Puts this FEEL into a DMN engine configuration, with the function providers it will be given. */
  static void install(DefaultDmnEngineConfiguration dmn) {
    dmn.setFeelEngineFactory(new Factory(dmn));
  }

  @Override
  public <T> T evaluateSimpleExpression(String expression, VariableContext variables) {
    ParsedExpression parsed = parsed(expressions, expression, feelEngine::parseExpression);
    if (parsed == null) {
      return super.evaluateSimpleExpression(expression, variables);
    }
    Either<Failure, Object> result = feelEngine.eval(parsed, new Variables(new ContextVariableWrapper(variables)));
    if (result.isLeft()) {
      return super.evaluateSimpleExpression(expression, variables);
    }
    @SuppressWarnings("unchecked")
    T value = (T) result.toOption().get();
    return value;
  }

  @Override
  public boolean evaluateSimpleUnaryTests(String expression, String inputVariable, VariableContext variables) {
    ParsedExpression parsed = parsed(unaryTests, expression, feelEngine::parseUnaryTests);
    if (parsed == null) {
      return super.evaluateSimpleUnaryTests(expression, inputVariable, variables);
    }
    VariableProvider input = new VariableProvider.StaticVariableProvider(new Map.Map1<>(INPUT_VARIABLE_NAME, inputVariable));
    VariableProvider both =
        new VariableProvider.CompositeVariableProvider(toScalaList(input, new ContextVariableWrapper(variables)));
    Either<Failure, Object> result = feelEngine.eval(parsed, new Variables(both));
    if (result.isLeft()) {
      return super.evaluateSimpleUnaryTests(expression, inputVariable, variables);
    }
    return Boolean.TRUE.equals(result.toOption().get());
  }

  private static ParsedExpression parsed(
      ConcurrentHashMap<String, ParsedExpression> kept, String expression, Function<String, Either<Failure, ParsedExpression>> parser) {
    ParsedExpression known = kept.get(expression);
    if (known != null) {
      return known;
    }
    Either<Failure, ParsedExpression> fresh = parser.apply(expression);
    if (fresh.isLeft()) {
      return null;
    }
    if (kept.size() >= MAX_KEPT) {
      kept.clear();
    }
    ParsedExpression parsed = fresh.toOption().get();
    kept.putIfAbsent(expression, parsed);
    return parsed;
  }

  /** An evaluation's variables; functions are the engine's own (built-in and custom). */
  private static final class Variables extends CustomContext {
    private final VariableProvider variables;

    Variables(VariableProvider variables) {
      this.variables = variables;
    }

    @Override
    public VariableProvider variableProvider() {
      return variables;
    }
  }

  /** Created by the DMN engine's initialisation, after the engine has handed over its function providers. */
  private record Factory(DefaultDmnEngineConfiguration dmn) implements FeelEngineFactory {
    @Override
    public FeelEngine createInstance() {
      List<FeelCustomFunctionProvider> providers = dmn.getFeelCustomFunctionProviders();
      return new FeelParsedOnce(providers == null ? List.of() : providers);
    }
  }
}
