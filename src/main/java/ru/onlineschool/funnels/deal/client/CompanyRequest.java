package ru.onlineschool.funnels.deal.client;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import ru.onlineschool.funnels.api.ApiRequest;
import ru.onlineschool.funnels.api.NoControlCharacters;
import ru.onlineschool.funnels.api.StoredIn;
import ru.onlineschool.funnels.api.TextRules;

/**
 * The company that pays for a deal («оплата_юр_лицо»), with the requisites of seed 003. The
 * shapes are the fields' annotations; the check digits and what the fields say about each other
 * (КПП only for an organisation, ОГРН of the same kind as the ИНН, each account's key against the
 * БИК) are {@link ValidCompany}'s.
 */
@ValidCompany
@Schema(
    name = "CompanyRequest",
    description = "Компания-плательщик по сделке и её реквизиты. Компания с тем же ИНН и КПП уже есть — её реквизиты обновляются, и она привязывается к сделке")
public record CompanyRequest(
    @Schema(description = "Наименование", example = "ООО «Ромашка»") @NotBlank @Size(max = 300) @NoControlCharacters @StoredIn("company.name")
        String name,
    @Schema(description = "ИНН: 10 цифр у организации, 12 у ИП; контрольные цифры проверяются", example = "7707083893")
        @NotBlank @Pattern(regexp = "\\s*(\\d{10}|\\d{12})\\s*", message = "{company.inn.format}")
        String inn,
    @Schema(description = "КПП, 9 знаков (пятый и шестой могут быть латинскими буквами); обязателен для организации, у ИП его нет", example = "773601001")
        @Pattern(regexp = "\\s*\\d{4}[0-9A-Za-z]{2}\\d{3}\\s*", message = "{company.kpp.format}")
        String kpp,
    @Schema(description = "ОГРН организации (13 цифр) или ОГРНИП (15 цифр); контрольная цифра проверяется", example = "1027700132195")
        @Pattern(regexp = "\\s*(\\d{13}|\\d{15})\\s*", message = "{company.ogrn.format}")
        String ogrn,
    @Schema(description = "Директор", example = "Александров Михаил Иванович") @Size(max = 200) @NoControlCharacters @StoredIn("company.director")
        String director,
    @Schema(description = "Юридический адрес", example = "г. Москва, ул. Пушкина, д. 13, оф. 342")
        @Size(max = 500) @NoControlCharacters @StoredIn("company.legal_address")
        String legalAddress,
    @Schema(description = "Фактический адрес") @Size(max = 500) @NoControlCharacters @StoredIn("company.actual_address") String actualAddress,
    @Schema(description = "Почтовый адрес") @Size(max = 500) @NoControlCharacters @StoredIn("company.postal_address") String postalAddress,
    @Schema(description = "Банк", example = "ПАО Сбербанк") @Size(max = 200) @NoControlCharacters @StoredIn("company.bank_name") String bankName,
    @Schema(description = "БИК банка, 9 цифр", example = "044525225") @Pattern(regexp = "\\s*\\d{9}\\s*", message = "{company.bik.format}") String bik,
    @Schema(description = "Корреспондентский счёт банка, 20 цифр; ключ проверяется по БИК", example = "30101810400000000225")
        @Pattern(regexp = "\\s*\\d{20}\\s*", message = "{company.account.format}")
        String correspondentAccount,
    @Schema(description = "Расчётный счёт компании, 20 цифр; ключ проверяется по БИК", example = "40702810938000000001")
        @Pattern(regexp = "\\s*\\d{20}\\s*", message = "{company.account.format}")
        String settlementAccount)
    implements ApiRequest {

  /** The stored form: blanks cut off, empty fields absent, the КПП's letters in capitals. */
  CompanyRequest normalised() {
    String k = TextRules.stripped(kpp);
    return new CompanyRequest(
        TextRules.stripped(name), TextRules.stripped(inn), k == null ? null : k.toUpperCase(java.util.Locale.ROOT), TextRules.stripped(ogrn),
        TextRules.stripped(director), TextRules.stripped(legalAddress), TextRules.stripped(actualAddress), TextRules.stripped(postalAddress),
        TextRules.stripped(bankName), TextRules.stripped(bik), TextRules.stripped(correspondentAccount), TextRules.stripped(settlementAccount));
  }
}
