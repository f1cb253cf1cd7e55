package ru.onlineschool.funnels.lead;

import io.swagger.v3.oas.annotations.media.Schema;
import ru.onlineschool.funnels.deal.Stage;

/** The answer to an accepted lead, as the deal row stands once its process has started. */
@Schema(name = "LeadAccepted", title = "Заявка принята", description = "Созданная сделка и её состояние сразу после запуска процесса")
public record LeadAccepted(
    @Schema(description = "Номер сделки") long dealId,
    @Schema(description = "Воронка", example = "course-sale") String funnel,
    @Schema(description = "Текущий этап") Stage stage,
    @Schema(description = "Логин ответственного менеджера; пусто, если свободных менеджеров нет") String responsible,
    @Schema(description = "Номер открытой сделки, которую повторяет эта заявка (тогда эта сделка закрыта как «Дубль»)")
        Long duplicateOf) {}
