package ru.onlineschool.funnels.deal.client;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import ru.onlineschool.funnels.api.OpenApiConfiguration;
import ru.onlineschool.funnels.api.SchoolApi;

/**
 * The client's personal data and the paying company, addressed through the deal: the deal
 * decides who may see and change them ({@link ClientDataAccess}) and takes the history line.
 */
@SchoolApi
@RestController
@Tag(name = "Клиент и компания", description = "Личные данные клиента (152-ФЗ) и компания-плательщик по сделке, поля seed 003")
public class ClientDataController {

  private static final String JSON = MediaType.APPLICATION_JSON_VALUE;
  private static final String PROBLEM = "application/problem+json";

  private final ClientData data;

  public ClientDataController(ClientData data) {
    this.data = data;
  }

  @Operation(
      summary = "Личные данные клиента",
      description =
          """
          День рождения, пол и паспорт клиента сделки. Паспорт — только маской: «•••• ••3552» для ответственного \
          за сделку, РОП и администратора, одни точки для остальных. Видят те же, кто видит карточку сделки.""",
      security = @SecurityRequirement(name = OpenApiConfiguration.BASIC),
      responses = {
        @ApiResponse(responseCode = "200", description = "Личные данные", content = @Content(mediaType = JSON, schema = @Schema(implementation = ClientPersonalData.class))),
        @ApiResponse(responseCode = "403", description = "Сделка вам недоступна", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class))),
        @ApiResponse(responseCode = "404", description = "Сделка не найдена", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
      })
  @GetMapping(value = "/api/deals/{dealId}/personal-data", produces = JSON)
  public ClientPersonalData personalData(@PathVariable long dealId) {
    return data.personalData(dealId);
  }

  @Operation(
      summary = "Изменить день рождения и пол клиента",
      description = "Ответственный за сделку, РОП (воронки продаж) и администратор. Изменение записывается в историю сделки.",
      security = @SecurityRequirement(name = OpenApiConfiguration.BASIC),
      responses = {
        @ApiResponse(responseCode = "200", description = "Сохранено", content = @Content(mediaType = JSON, schema = @Schema(implementation = ClientPersonalData.class))),
        @ApiResponse(responseCode = "400", description = "Ошибки в полях", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class))),
        @ApiResponse(responseCode = "403", description = "Менять может только ответственный, РОП или администратор", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
      })
  @PutMapping(value = "/api/deals/{dealId}/personal-data", consumes = JSON, produces = JSON)
  public ClientPersonalData changePersonalData(@PathVariable long dealId, @Valid @RequestBody PersonalDataRequest request) {
    return data.changePersonalData(dealId, request);
  }

  @Operation(
      summary = "Паспорт клиента целиком",
      description =
          """
          Только ответственному за сделку, РОП (воронки продаж) и администратору; остальным — 403. \
          Каждый просмотр записывается в историю сделки: кто и когда, без самих данных.""",
      security = @SecurityRequirement(name = OpenApiConfiguration.BASIC),
      responses = {
        @ApiResponse(responseCode = "200", description = "Паспорт", content = @Content(mediaType = JSON, schema = @Schema(implementation = Passport.class))),
        @ApiResponse(responseCode = "403", description = "Паспорт вам недоступен", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class))),
        @ApiResponse(responseCode = "404", description = "Сделки нет или у клиента нет паспортных данных", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
      })
  @GetMapping(value = "/api/deals/{dealId}/personal-data/passport", produces = JSON)
  public Passport passport(@PathVariable long dealId) {
    return data.passport(dealId);
  }

  @Operation(
      summary = "Внести или изменить паспорт клиента",
      description = "Все пять полей сразу. Ответственный за сделку, РОП (воронки продаж) и администратор; в историю — без самих данных.",
      security = @SecurityRequirement(name = OpenApiConfiguration.BASIC),
      responses = {
        @ApiResponse(responseCode = "200", description = "Сохранено", content = @Content(mediaType = JSON, schema = @Schema(implementation = ClientPersonalData.class))),
        @ApiResponse(responseCode = "400", description = "Ошибки в полях", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class))),
        @ApiResponse(responseCode = "403", description = "Менять может только ответственный, РОП или администратор", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
      })
  @PutMapping(value = "/api/deals/{dealId}/personal-data/passport", consumes = JSON, produces = JSON)
  public ClientPersonalData changePassport(@PathVariable long dealId, @Valid @RequestBody PassportRequest request) {
    return data.changePassport(dealId, request);
  }

  @Operation(
      summary = "Удалить паспорт клиента",
      description = "Например, по просьбе клиента (152-ФЗ). Ответственный за сделку, РОП и администратор.",
      security = @SecurityRequirement(name = OpenApiConfiguration.BASIC),
      responses = {
        @ApiResponse(responseCode = "200", description = "Удалено", content = @Content(mediaType = JSON, schema = @Schema(implementation = ClientPersonalData.class))),
        @ApiResponse(responseCode = "403", description = "Удалять может только ответственный, РОП или администратор", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
      })
  @DeleteMapping(value = "/api/deals/{dealId}/personal-data/passport", produces = JSON)
  public ClientPersonalData removePassport(@PathVariable long dealId) {
    return data.removePassport(dealId);
  }

  @Operation(
      summary = "Компания-плательщик по сделке",
      description = "Компания, которая оплачивает сделку («оплата_юр_лицо»), с реквизитами; пусто, если платит сам клиент.",
      security = @SecurityRequirement(name = OpenApiConfiguration.BASIC),
      responses = {
        @ApiResponse(responseCode = "200", description = "Компания сделки", content = @Content(mediaType = JSON, schema = @Schema(implementation = DealCompany.class))),
        @ApiResponse(responseCode = "403", description = "Сделка вам недоступна", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class))),
        @ApiResponse(responseCode = "404", description = "Сделка не найдена", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
      })
  @GetMapping(value = "/api/deals/{dealId}/company", produces = JSON)
  public DealCompany company(@PathVariable long dealId) {
    return data.company(dealId);
  }

  @Operation(
      summary = "Привязать компанию к сделке или изменить её реквизиты",
      description =
          """
          Компания с тем же ИНН и КПП уже есть — её реквизиты обновляются (и в других сделках, за которые она платит), иначе \
          создаётся новая. ИНН, ОГРН и счета проверяются по контрольным цифрам, счета — по БИК. Реквизиты показываются в \
          задачах выставления счёта. Ответственный за сделку, РОП (воронки продаж) и администратор; изменение — в историю сделки.""",
      security = @SecurityRequirement(name = OpenApiConfiguration.BASIC),
      responses = {
        @ApiResponse(responseCode = "200", description = "Сохранено", content = @Content(mediaType = JSON, schema = @Schema(implementation = DealCompany.class))),
        @ApiResponse(responseCode = "400", description = "Ошибки в реквизитах", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class))),
        @ApiResponse(responseCode = "403", description = "Менять может только ответственный, РОП или администратор", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
      })
  @PutMapping(value = "/api/deals/{dealId}/company", consumes = JSON, produces = JSON)
  public DealCompany changeCompany(@PathVariable long dealId, @Valid @RequestBody CompanyRequest request) {
    return data.changeCompany(dealId, request);
  }

  @Operation(
      summary = "Отвязать компанию от сделки",
      description = "Сделку оплачивает сам клиент. Компания остаётся для других сделок.",
      security = @SecurityRequirement(name = OpenApiConfiguration.BASIC),
      responses = {
        @ApiResponse(responseCode = "200", description = "Отвязана", content = @Content(mediaType = JSON, schema = @Schema(implementation = DealCompany.class))),
        @ApiResponse(responseCode = "403", description = "Менять может только ответственный, РОП или администратор", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
      })
  @DeleteMapping(value = "/api/deals/{dealId}/company", produces = JSON)
  public DealCompany removeCompany(@PathVariable long dealId) {
    return data.removeCompany(dealId);
  }
}
