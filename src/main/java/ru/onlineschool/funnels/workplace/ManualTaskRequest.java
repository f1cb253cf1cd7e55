package ru.onlineschool.funnels.workplace;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import ru.onlineschool.funnels.api.ApiRequest;
import ru.onlineschool.funnels.api.NoControlCharacters;

/**
 * A task an employee sets on a deal by hand: what to do and when. The text becomes the task's name
 * after «По договорённости: », so its limit leaves room in the engine's task name (255 characters).
 */
@Schema(name = "ManualTaskRequest", title = "Задача по договорённости")
public record ManualTaskRequest(
    @Schema(description = "Что сделать, например «Перезвонить: клиент ждёт зарплату до пятницы»", example = "Перезвонить и узнать решение по оплате")
        @NotBlank
        @NoControlCharacters
        @Size(max = ManualTaskRequest.TEXT_MAX)
        String text,
    @Schema(
            description =
                "Когда: дата и время по часовому поясу школы (Europe/Moscow), ГГГГ-ММ-ДДTЧЧ:ММ; можно и со смещением "
                    + "(2026-12-03T10:00+03:00). Не в прошлом и не дальше чем через год.",
            example = "2026-12-03T10:00")
        @NotBlank
        @TaskDue
        String dueAt)
    implements ApiRequest {

  /** 255 (ACT_RU_TASK.NAME_) less the name's prefix «По договорённости: », rounded down. */
  public static final int TEXT_MAX = 200;
}
