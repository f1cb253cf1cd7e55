package ru.onlineschool.funnels.deal;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The client's personal link to the school's Telegram bot, {@code https://t.me/<bot>?start=<parameter>},
 * that ties his chat to his contact when he opens it and presses «Start» (issue 20). The deal card
 * shows it for the manager to send, e-mails to a client who prefers Telegram but has not written
 * to the bot carry it, and the Telegram webhook reads the parameter back. It lives in deal/
 * because all three use it (the card is deal/'s; messaging/ and inbound/ depend on deal/).
 *
 * <p>The parameter is {@code c<contact id>-<signature>}, the signature being the first 16 bytes of
 * HMAC-SHA256 over {@code telegram-start:<contact id>} under the bot's webhook secret, in base64url
 * (43 characters at most, within Telegram's 64 of {@code A–Z a–z 0–9 _ -}). Whoever does not know
 * the secret cannot make a parameter for another client, so a guessed or altered link ties
 * nothing. A new webhook secret makes the old links plain «/start» messages.
 *
 * <p>Without the webhook secret there are no parameters (nobody would read them); without the
 * bot's username ({@code school.messengers.telegram.bot-username}) there are parameters but no
 * links to show.
 */
@Component
public class TelegramStartLinks {

  /** What Telegram allows as a bot's username: 5–32 Latin letters, digits and «_». */
  private static final Pattern USERNAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{3,31}");
  private static final Pattern PARAMETER = Pattern.compile("c(\\d{1,18})-([A-Za-z0-9_-]{22})");
  private static final int SIGNATURE_BYTES = 16;

  private final byte[] key;
  private final String botUsername;

  public TelegramStartLinks(
      @Value("${school.messengers.telegram.webhook-secret:}") String webhookSecret,
      @Value("${school.messengers.telegram.bot-username:}") String botUsername) {
    String secret = webhookSecret == null || webhookSecret.isBlank() ? null : webhookSecret.strip();
    this.key = secret == null ? null : secret.getBytes(StandardCharsets.UTF_8);
    this.botUsername = username(botUsername);
  }

  private static String username(String configured) {
    if (configured == null || configured.isBlank()) {
      return null;
    }
    String name = configured.strip();
    name = name.startsWith("@") ? name.substring(1) : name;
    name = name.startsWith("https://t.me/") ? name.substring("https://t.me/".length()) : name;
    if (!USERNAME.matcher(name).matches()) {
      throw new IllegalStateException(
          "Имя бота Telegram в SCHOOL_TELEGRAM_BOT_USERNAME задано неверно («" + configured.strip() + "»): нужно имя, которое выдал @BotFather,"
              + " например school_bot — 5–32 латинские буквы, цифры и «_»; или оставьте пустым, чтобы не давать клиентам ссылку на бота");
    }
    return name;
  }

  /** The {@code start} parameter for the client; empty while the bot's webhook is off. */
  public Optional<String> parameter(long contactId) {
    return key == null ? Optional.empty() : Optional.of("c" + contactId + "-" + Base64.getUrlEncoder().withoutPadding().encodeToString(signature(contactId)));
  }

  /** The client's link to the bot; empty without the bot's username or its webhook. */
  public Optional<String> link(long contactId) {
    return botUsername == null ? Optional.empty() : parameter(contactId).map(parameter -> "https://t.me/" + botUsername + "?start=" + parameter);
  }

  /** The client a parameter names, if its signature is right. */
  public Optional<Long> contactOf(String parameter) {
    if (key == null || parameter == null) {
      return Optional.empty();
    }
    Matcher matcher = PARAMETER.matcher(parameter.strip());
    if (!matcher.matches()) {
      return Optional.empty();
    }
    long contactId = Long.parseLong(matcher.group(1));
    byte[] presented = Base64.getUrlDecoder().decode(matcher.group(2));
    return MessageDigest.isEqual(signature(contactId), presented) ? Optional.of(contactId) : Optional.empty();
  }

  private byte[] signature(long contactId) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return Arrays.copyOf(mac.doFinal(("telegram-start:" + contactId).getBytes(StandardCharsets.UTF_8)), SIGNATURE_BYTES);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }
}
