package ru.onlineschool.funnels.inbound;

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
import org.springframework.stereotype.Component;

/**
 * The parameter of the bot's deep link {@code https://t.me/<bot>?start=<parameter>} that ties a
 * Telegram chat to a known client (issue 20): {@code c<contact id>-<signature>}, the signature
 * being the first 16 bytes of HMAC-SHA256 over {@code telegram-start:<contact id>} under the
 * bot's webhook secret, in base64url (43 characters at most, within Telegram's 64 of
 * {@code A–Z a–z 0–9 _ -}). Whoever does not know the secret cannot make a parameter for another
 * client, so a guessed or altered link ties nothing. A new webhook secret makes the old links
 * plain «/start» messages.
 */
@Component
public class TelegramStartLinks {

  private static final Pattern PARAMETER = Pattern.compile("c(\\d{1,18})-([A-Za-z0-9_-]{22})");
  private static final int SIGNATURE_BYTES = 16;

  private final byte[] key;

  public TelegramStartLinks(MessengerWebhookProperties properties) {
    String secret = properties.telegram().webhookSecret();
    this.key = secret == null ? null : secret.getBytes(StandardCharsets.UTF_8);
  }

  /** The {@code start} parameter for the client; empty while the bot's webhook is off. */
  public Optional<String> parameter(long contactId) {
    return key == null ? Optional.empty() : Optional.of("c" + contactId + "-" + Base64.getUrlEncoder().withoutPadding().encodeToString(signature(contactId)));
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
