package ru.onlineschool.funnels.deal;

import java.util.Set;

/**
 * What the deployed models say about a funnel's stages, beyond the stage a node records: the
 * engine module reads the flow nodes' properties ({@code engine/ModelStages}), so a process owner
 * changes these rules in Camunda Modeler, not in Java.
 */
public interface StageCatalog {

  /** The property on a stage's flow node that makes its open deals a responsible's workload. */
  String WORKLOAD_PROPERTY = "countsAsWorkload";

  /**
   * The stage codes of the funnel's latest model whose open deals count as the responsible's
   * workload for distribution (property {@value #WORKLOAD_PROPERTY} = {@code true}); empty for a
   * funnel without such a stage or without a deployed model.
   */
  Set<String> workloadStages(String funnel);

  /** Like {@link #workloadStages}, for the model version a running process follows (no look-up of the latest). */
  Set<String> workloadStagesOf(String processDefinitionId);
}
