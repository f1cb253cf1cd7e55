package ru.onlineschool.funnels.calendar;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The time zones a client of the school may be in, with Russian names («Владивосток (UTC+10)»),
 * and the cities and regions that tell a lead's zone. Read once from {@code time-zones/russia.csv}:
 * one line per zone — IANA id; name; «по …» (how the school's clock is named); places separated by
 * commas. Russia keeps no daylight saving time, so one zone per offset stands for all its regions.
 */
public final class TimeZoneCatalog {

  /** One zone of the list. */
  public record Zone(ZoneId id, String name, String schoolClock) {

    /** «Владивосток (UTC+10)», the offset as of now. */
    public String title() {
      int seconds = id.getRules().getOffset(Instant.now()).getTotalSeconds();
      int hours = seconds / 3600;
      int minutes = Math.abs(seconds % 3600) / 60;
      return name + " (UTC" + (seconds < 0 ? "−" : "+") + Math.abs(hours) + (minutes == 0 ? "" : String.format(":%02d", minutes)) + ")";
    }
  }

  private static final String RESOURCE = "time-zones/russia.csv";
  private static final TimeZoneCatalog RUSSIA = load();

  private final Map<ZoneId, Zone> zones;
  private final Map<String, ZoneId> places;

  private TimeZoneCatalog(Map<ZoneId, Zone> zones, Map<String, ZoneId> places) {
    this.zones = zones;
    this.places = places;
  }

  /** The shipped list. */
  public static TimeZoneCatalog russia() {
    return RUSSIA;
  }

  public List<Zone> all() {
    return List.copyOf(zones.values());
  }

  /** The zone of the list with this IANA id («Asia/Vladivostok»); ids outside the list are not a client's zone. */
  public Optional<Zone> byId(String id) {
    if (id == null) {
      return Optional.empty();
    }
    return zones.values().stream().filter(z -> z.id().getId().equals(id.strip())).findFirst();
  }

  public Optional<Zone> of(ZoneId id) {
    return Optional.ofNullable(zones.get(id));
  }

  /** The zone of a city or region as a lead names it («г. Владивосток», «Приморский край»); empty if unknown. */
  public Optional<ZoneId> ofPlace(String place) {
    return place == null ? Optional.empty() : Optional.ofNullable(places.get(normalise(place)));
  }

  /** The ids of the list, for messages that name them. */
  public String ids() {
    return String.join(", ", zones.keySet().stream().map(ZoneId::getId).toList());
  }

  /** A zone's name («Владивосток»); for a zone outside the list, its IANA id. */
  public String name(ZoneId id) {
    Zone zone = zones.get(id);
    return zone == null ? id.getId() : zone.name();
  }

  /** How the school's clock is named in the zone («по Москве»). */
  public String schoolClock(ZoneId id) {
    Zone zone = zones.get(id);
    return zone == null ? "по времени школы" : zone.schoolClock();
  }

  /** Whether two zones show the same time at the moment. */
  public static boolean sameClock(ZoneId a, ZoneId b, Instant at) {
    ZoneOffset first = a.getRules().getOffset(at);
    return first.equals(b.getRules().getOffset(at));
  }

  static String normalise(String place) {
    String text = place.strip().toLowerCase(Locale.ROOT).replace('ё', 'е').replaceAll("\\s+", " ");
    text = text.replaceFirst("^(г\\.|г |город |республика )\\s*", "");
    text = text.replace(" обл.", " область").replace(" респ.", "");
    return text.strip();
  }

  private static TimeZoneCatalog load() {
    Map<ZoneId, Zone> zones = new LinkedHashMap<>();
    Map<String, ZoneId> places = new HashMap<>();
    try (InputStream in = TimeZoneCatalog.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("Нет списка часовых поясов " + RESOURCE);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      List<String> lines = new ArrayList<>(reader.lines().toList());
      for (String line : lines) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.split(";", -1);
        if (parts.length != 4) {
          throw new IllegalStateException(RESOURCE + ": в строке должно быть четыре поля через «;»: " + line);
        }
        ZoneId id = ZoneId.of(parts[0].strip());
        zones.put(id, new Zone(id, parts[1].strip(), parts[2].strip()));
        for (String place : parts[3].split(",")) {
          if (!place.isBlank() && places.putIfAbsent(normalise(place), id) != null) {
            throw new IllegalStateException(RESOURCE + ": «" + place.strip() + "» указан у двух поясов");
          }
        }
        places.putIfAbsent(normalise(parts[1]), id);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new TimeZoneCatalog(zones, places);
  }
}
