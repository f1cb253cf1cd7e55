package ru.onlineschool.funnels.deal.client;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import ru.onlineschool.funnels.api.TextRules;

/**
 * The requisites of a {@link CompanyRequest} that have the right shape are also real numbers and
 * fit together: the ИНН's and the ОГРН's check digits, a КПП for an organisation and none for an
 * entrepreneur, an ОГРН of the ИНН's kind, and each account's control key against the БИК. Each
 * finding is reported on its own field; a field with the wrong shape is left to its
 * {@code @Pattern}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = ValidCompany.Check.class)
public @interface ValidCompany {

  String message() default "{company.invalid}";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  class Check implements ConstraintValidator<ValidCompany, CompanyRequest> {

    @Override
    public boolean isValid(CompanyRequest company, ConstraintValidatorContext context) {
      if (company == null) {
        return true;
      }
      context.disableDefaultConstraintViolation();
      boolean valid = true;
      String inn = TextRules.stripped(company.inn());
      String kpp = TextRules.stripped(company.kpp());
      String ogrn = TextRules.stripped(company.ogrn());
      String bik = TextRules.stripped(company.bik());
      boolean innShaped = inn != null && inn.matches("\\d{10}|\\d{12}");
      if (innShaped && !Requisites.validInn(inn)) {
        valid = report(context, "inn", "{company.inn.checksum}");
      }
      if (innShaped && inn.length() == 10 && kpp == null) {
        valid = report(context, "kpp", "{company.kpp.required}");
      }
      if (innShaped && inn.length() == 12 && kpp != null) {
        valid = report(context, "kpp", "{company.kpp.entrepreneur}");
      }
      if (ogrn != null && ogrn.matches("\\d{13}|\\d{15}")) {
        if (!Requisites.validOgrn(ogrn)) {
          valid = report(context, "ogrn", "{company.ogrn.checksum}");
        } else if (innShaped && (inn.length() == 10) != (ogrn.length() == 13)) {
          valid = report(context, "ogrn", inn.length() == 10 ? "{company.ogrn.organisation}" : "{company.ogrn.entrepreneur}");
        }
      }
      boolean bikShaped = bik != null && bik.matches("\\d{9}");
      valid &= account(context, "correspondentAccount", company.correspondentAccount(), bik, bikShaped, true);
      valid &= account(context, "settlementAccount", company.settlementAccount(), bik, bikShaped, false);
      return valid;
    }

    private static boolean account(
        ConstraintValidatorContext context, String field, String value, String bik, boolean bikShaped, boolean correspondent) {
      String account = TextRules.stripped(value);
      if (account == null || !account.matches("\\d{20}")) {
        return true;
      }
      if (bik == null) {
        return report(context, field, "{company.account.bikMissing}");
      }
      if (!bikShaped) {
        return true;
      }
      boolean holds = correspondent ? Requisites.validCorrespondentAccount(account, bik) : Requisites.validSettlementAccount(account, bik);
      return holds || report(context, field, correspondent ? "{company.correspondentAccount.key}" : "{company.settlementAccount.key}");
    }

    private static boolean report(ConstraintValidatorContext context, String field, String message) {
      context.buildConstraintViolationWithTemplate(message).addPropertyNode(field).addConstraintViolation();
      return false;
    }
  }
}
