package ru.onlineschool.funnels.deal.client;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A company with its requisites and the deals it pays for. */
@Schema(name = "Company", description = "Компания-плательщик и её реквизиты")
public record Company(
    @Schema(description = "Номер компании") long id,
    @Schema(description = "Наименование") String name,
    @Schema(description = "ИНН") String inn,
    @Schema(description = "КПП; у ИП пусто") String kpp,
    @Schema(description = "ОГРН или ОГРНИП") String ogrn,
    @Schema(description = "Директор") String director,
    @Schema(description = "Юридический адрес") String legalAddress,
    @Schema(description = "Фактический адрес") String actualAddress,
    @Schema(description = "Почтовый адрес") String postalAddress,
    @Schema(description = "Банк") String bankName,
    @Schema(description = "БИК") String bik,
    @Schema(description = "Корреспондентский счёт") String correspondentAccount,
    @Schema(description = "Расчётный счёт") String settlementAccount,
    @Schema(description = "Реквизиты одной строкой, как их видит задача выставления счёта") String requisitesText,
    @Schema(description = "Сделки, за которые платит компания") List<Long> dealIds) {}
