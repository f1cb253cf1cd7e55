package ru.onlineschool.funnels.sale;

import java.time.Instant;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.deal.DealContext;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.ProcessVariables;
import ru.onlineschool.funnels.deal.TimelineKind;
import ru.onlineschool.funnels.distribution.SmartDistribution;
import ru.onlineschool.funnels.identity.SchoolGroup;
import ru.onlineschool.funnels.identity.StaffDirectory;

/**
 * «Распределить заявку» (bean {@code leadDistribution}). A deal that arrives with a
 * responsible manager who still takes leads keeps them; otherwise smart distribution picks
 * one. Sets {@code responsible} and {@code candidateGroup} for the manager's tasks: when
 * nobody is available the tasks go to the {@code managers} group; otherwise the head of
 * sales' group stands behind the assignee (they may see and reassign every sales task anyway).
 */
@Component("leadDistribution")
public class LeadDistribution implements JavaDelegate {

  private final SmartDistribution distribution;
  private final DealStore deals;
  private final StaffDirectory staff;

  public LeadDistribution(SmartDistribution distribution, DealStore deals, StaffDirectory staff) {
    this.distribution = distribution;
    this.deals = deals;
    this.staff = staff;
  }

  @Override
  public void execute(DelegateExecution execution) {
    long dealId = DealContext.dealId(execution);
    Instant now = DealContext.now();
    String previous = DealContext.text(execution, ProcessVariables.RESPONSIBLE);
    Optional<String> responsible =
        previous != null && distribution.isAvailable(previous)
            ? Optional.of(previous)
            : distribution.pickManagerFor(execution.getProcessDefinitionId().split(":")[0], execution.getProcessDefinitionId(), now);
    execution.setVariable(ProcessVariables.RESPONSIBLE, responsible.orElse(null));
    execution.setVariable(
        ProcessVariables.CANDIDATE_GROUP, responsible.isPresent() ? SchoolGroup.SALES_HEADS.id() : SchoolGroup.MANAGERS.id());
    // No grant per deal: every manager sees every sales deal; the tasks' assignee decides who works it.
    deals.setResponsible(dealId, responsible.orElse(null));
    String note =
        responsible
            .map(user -> "Ответственный: " + staff.nameOf(user) + (user.equals(previous) ? " (прежний менеджер)" : " (Smart-распределение)"))
            .orElse("Свободных менеджеров нет: заявка ждёт в «Задачах группы» менеджеров, РОП получил задачу назначить ответственного");
    deals.appendTimeline(dealId, now, TimelineKind.NOTE, null, note, null);
  }

}
