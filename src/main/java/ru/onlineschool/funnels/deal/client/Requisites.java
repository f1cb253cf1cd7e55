package ru.onlineschool.funnels.deal.client;

/**
 * The check digits of Russian requisites: ИНН (tax number), ОГРН / ОГРНИП (state registration
 * number) and the control key of a bank account against the bank's БИК (the Bank of Russia's
 * rule of 1997). Each method answers whether a value that already has the right shape (digits,
 * length) is also a number that can exist; a typo in one digit fails every one of these checks.
 */
public final class Requisites {

  private static final int[] INN_10 = {2, 4, 10, 3, 5, 9, 4, 6, 8};
  private static final int[] INN_12_FIRST = {7, 2, 4, 10, 3, 5, 9, 4, 6, 8};
  private static final int[] INN_12_SECOND = {3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8};
  private static final int[] ACCOUNT_WEIGHTS = {7, 1, 3};

  private Requisites() {}

  /** ИНН of an organisation (10 digits, one check digit) or of a person / entrepreneur (12 digits, two). */
  public static boolean validInn(String inn) {
    if (inn == null || !inn.matches("\\d{10}|\\d{12}")) {
      return false;
    }
    if (inn.length() == 10) {
      return checkDigit(inn, INN_10) == digit(inn, 9);
    }
    return checkDigit(inn, INN_12_FIRST) == digit(inn, 10) && checkDigit(inn, INN_12_SECOND) == digit(inn, 11);
  }

  /**
   * ОГРН of an organisation (13 digits: the first 12 as a number modulo 11, its last digit) or
   * ОГРНИП of an entrepreneur (15 digits: the first 14 modulo 13, its last digit).
   */
  public static boolean validOgrn(String ogrn) {
    if (ogrn == null || !ogrn.matches("\\d{13}|\\d{15}")) {
      return false;
    }
    int length = ogrn.length();
    long body = Long.parseLong(ogrn.substring(0, length - 1));
    long remainder = body % (length == 13 ? 11 : 13);
    return remainder % 10 == digit(ogrn, length - 1);
  }

  /** A settlement account (р/с) of a client of the bank: the key is checked with the БИК's last three digits. */
  public static boolean validSettlementAccount(String account, String bik) {
    if (!shapes(account, bik)) {
      return false;
    }
    return accountKeyHolds(bik.substring(6, 9) + account);
  }

  /** The bank's correspondent account (к/с) at the Bank of Russia: checked with «0» and the БИК's fifth and sixth digits. */
  public static boolean validCorrespondentAccount(String account, String bik) {
    if (!shapes(account, bik)) {
      return false;
    }
    return accountKeyHolds("0" + bik.substring(4, 6) + account);
  }

  private static boolean shapes(String account, String bik) {
    return account != null && bik != null && account.matches("\\d{20}") && bik.matches("\\d{9}");
  }

  /** The 23 digits times 7, 1, 3, 7, 1, 3 …: the sum of the products' last digits ends in 0. */
  private static boolean accountKeyHolds(String digits) {
    int sum = 0;
    for (int i = 0; i < digits.length(); i++) {
      sum += (digit(digits, i) * ACCOUNT_WEIGHTS[i % 3]) % 10;
    }
    return sum % 10 == 0;
  }

  /** The weighted sum of the leading digits, modulo 11, then 10. */
  private static int checkDigit(String digits, int[] weights) {
    int sum = 0;
    for (int i = 0; i < weights.length; i++) {
      sum += digit(digits, i) * weights[i];
    }
    return sum % 11 % 10;
  }

  private static int digit(String digits, int index) {
    return digits.charAt(index) - '0';
  }
}
