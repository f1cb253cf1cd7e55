package ru.onlineschool.funnels.deal.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The check digits of real requisites: ПАО Сбербанк, ООО «Яндекс», a published entrepreneur's
 * ИНН and ОГРНИП, the Bank of Russia's correspondent accounts of Сбербанк and Т-Банк. Each
 * invalid example is a valid one with one digit changed or two swapped, the typos a manager makes.
 */
class RequisitesTest {

  @Test
  void innOfAnOrganisationHasOneCheckDigitAndOfAPersonTwo() {
    assertThat(Requisites.validInn("7707083893")).as("Сбербанк").isTrue();
    assertThat(Requisites.validInn("7736207543")).as("Яндекс").isTrue();
    assertThat(Requisites.validInn("500100732259")).as("an entrepreneur").isTrue();

    assertThat(Requisites.validInn("7707083894")).as("last digit changed").isFalse();
    assertThat(Requisites.validInn("7707038893")).as("two digits swapped").isFalse();
    assertThat(Requisites.validInn("500100732258")).as("second check digit wrong").isFalse();
    assertThat(Requisites.validInn("500100732269")).as("first check digit wrong").isFalse();
    assertThat(Requisites.validInn("75645234")).as("seed 003's example: 8 digits").isFalse();
    assertThat(Requisites.validInn("770708389")).isFalse();
    assertThat(Requisites.validInn("77070838 3")).isFalse();
    assertThat(Requisites.validInn(null)).isFalse();
  }

  @Test
  void ogrnIsItsLeadingDigitsModulo11AndOgrnipModulo13() {
    assertThat(Requisites.validOgrn("1027700132195")).as("Сбербанк").isTrue();
    assertThat(Requisites.validOgrn("1027700229193")).as("Яндекс").isTrue();
    assertThat(Requisites.validOgrn("304500116000157")).as("ОГРНИП").isTrue();

    assertThat(Requisites.validOgrn("1027700132196")).isFalse();
    assertThat(Requisites.validOgrn("1027700312195")).as("two digits swapped").isFalse();
    assertThat(Requisites.validOgrn("304500116000158")).isFalse();
    assertThat(Requisites.validOgrn("854574542342")).as("seed 003's example: 12 digits").isFalse();
    assertThat(Requisites.validOgrn("10277001321950")).as("14 digits").isFalse();
  }

  @Test
  void aCorrespondentAccountIsCheckedWithZeroAndTheBiksFifthAndSixthDigits() {
    assertThat(Requisites.validCorrespondentAccount("30101810400000000225", "044525225")).as("Сбербанк").isTrue();
    assertThat(Requisites.validCorrespondentAccount("30101810145250000974", "044525974")).as("Т-Банк").isTrue();

    assertThat(Requisites.validCorrespondentAccount("30101810400000000226", "044525225")).isFalse();
    assertThat(Requisites.validCorrespondentAccount("30101810145250000974", "044030653"))
        .as("Т-Банк's account with the БИК of Сбербанк's Северо-Западный банк")
        .isFalse();
    assertThat(Requisites.validCorrespondentAccount("3010181040000000022", "044525225")).as("19 digits").isFalse();
  }

  @Test
  void aSettlementAccountIsCheckedWithTheBiksLastThreeDigits() {
    assertThat(Requisites.validSettlementAccount("40702810938000000001", "044525225")).isTrue();
    assertThat(Requisites.validSettlementAccount("40702810500000012345", "044525974")).isTrue();

    assertThat(Requisites.validSettlementAccount("40702810938000000002", "044525225")).as("last digit changed").isFalse();
    assertThat(Requisites.validSettlementAccount("40702810938000000001", "044525974")).as("another bank's БИК").isFalse();
    assertThat(Requisites.validSettlementAccount("40702810938000000001", "04452522")).as("БИК of 8 digits").isFalse();
    // As a correspondent account the same digits are checked with other weights' partner: not a match.
    assertThat(Requisites.validCorrespondentAccount("40702810938000000001", "044525225")).isFalse();
  }
}
