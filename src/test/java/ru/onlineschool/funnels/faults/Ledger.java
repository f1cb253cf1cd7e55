package ru.onlineschool.funnels.faults;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The database as the truth after a fault, read with plain JDBC (the same SQL on PostgreSQL and
 * H2): which leads became deals, processes and tasks, how often each recall task was created,
 * incidents. Each check returns the list of what is wrong, so one failure message names all.
 */
final class Ledger {

  /** A «Продажа курса» deal as stored: its process instance and how many of each thing it has. */
  record Deal(long id, String phone, String processInstance, int processInstances, int openTasks, int processLeadTasks) {}

  private final String url;
  private final String user;
  private final String password;

  Ledger(String url, String user, String password) {
    this.url = url;
    this.user = user;
    this.password = password;
  }

  /** Every course-sale deal by the client's phone. */
  Map<String, List<Deal>> dealsByPhone() throws SQLException {
    try (Connection c = DriverManager.getConnection(url, user, password)) {
      Map<String, Integer> instances = counts(c, "SELECT business_key_, COUNT(*) FROM act_hi_procinst WHERE proc_def_key_ = 'course-sale' GROUP BY business_key_");
      Map<String, Integer> open = counts(c, "SELECT proc_inst_id_, COUNT(*) FROM act_ru_task GROUP BY proc_inst_id_");
      Map<String, Integer> processLead = counts(c, "SELECT proc_inst_id_, COUNT(*) FROM act_hi_taskinst WHERE task_def_key_ = '"
          + EngineAdmin.PROCESS_LEAD + "' GROUP BY proc_inst_id_");
      Map<String, List<Deal>> deals = new HashMap<>();
      try (PreparedStatement s = c.prepareStatement(
              "SELECT d.id, c.phone, d.process_instance_id FROM deal d JOIN contact c ON c.id = d.contact_id WHERE d.funnel = 'course-sale'");
          ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          long id = rs.getLong(1);
          String instance = rs.getString(3);
          Deal deal = new Deal(id, rs.getString(2), instance, instances.getOrDefault(String.valueOf(id), 0),
              instance == null ? 0 : open.getOrDefault(instance, 0), instance == null ? 0 : processLead.getOrDefault(instance, 0));
          deals.computeIfAbsent(deal.phone(), p -> new ArrayList<>()).add(deal);
        }
      }
      return deals;
    }
  }

  /**
   * What is wrong with the leads: an acknowledged lead must be exactly one deal — the one in its
   * answer — with one process instance, one open task and one «Обработать заявку» ever; any lead
   * sent (acknowledged or not) is at most one deal, and every stored deal is whole.
   */
  List<String> leadProblems(Map<String, Long> acknowledged, Set<String> unacknowledged) throws SQLException {
    Map<String, List<Deal>> deals = dealsByPhone();
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, Long> lead : acknowledged.entrySet()) {
      List<Deal> stored = deals.getOrDefault(lead.getKey(), List.of());
      if (stored.isEmpty()) {
        problems.add("LOST: lead " + lead.getKey() + " answered 2xx with deal " + lead.getValue() + " is not in the database");
      } else if (stored.size() > 1) {
        problems.add("DUPLICATE: lead " + lead.getKey() + " stored as " + stored.size() + " deals " + stored);
      } else if (stored.get(0).id() != lead.getValue()) {
        problems.add("lead " + lead.getKey() + " answered with deal " + lead.getValue() + " but stored as " + stored.get(0));
      }
    }
    for (String phone : unacknowledged) {
      if (deals.getOrDefault(phone, List.of()).size() > 1) {
        problems.add("DUPLICATE: unacknowledged lead " + phone + " stored as " + deals.get(phone));
      }
    }
    for (List<Deal> stored : deals.values()) {
      for (Deal deal : stored) {
        if (deal.processInstance() == null || deal.processInstances() != 1 || deal.openTasks() != 1 || deal.processLeadTasks() != 1) {
          problems.add("deal not whole (want 1 process instance, 1 open task, 1 «Обработать заявку» ever): " + deal);
        }
      }
    }
    return problems;
  }

  /** Creation moments of the recall tasks («Перезвонить: …») per process instance, from history. */
  Map<String, List<Instant>> recallTasks() throws SQLException {
    Map<String, List<Instant>> created = new HashMap<>();
    try (Connection c = DriverManager.getConnection(url, user, password);
        PreparedStatement s = c.prepareStatement(
            "SELECT proc_inst_id_, start_time_ FROM act_hi_taskinst WHERE task_def_key_ = '" + EngineAdmin.RECALL_TASK + "'");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        created.computeIfAbsent(rs.getString(1), p -> new ArrayList<>()).add(engineTime(rs.getObject(2, LocalDateTime.class)));
      }
    }
    return created;
  }

  /** Recall timer jobs still waiting. */
  int recallTimersLeft() throws SQLException {
    try (Connection c = DriverManager.getConnection(url, user, password)) {
      return count(c, "SELECT COUNT(*) FROM act_ru_job j JOIN act_ru_jobdef d ON d.id_ = j.job_def_id_ WHERE d.act_id_ = '"
          + EngineAdmin.RECALL_TIMER + "'");
    }
  }

  /**
   * Sets the due date of the given timer jobs, while no node runs (nobody to ask through REST);
   * returns the due moment by process instance.
   */
  Map<String, Instant> moveRecallTimers(List<String> jobIds, Instant due) throws SQLException {
    Map<String, Instant> dues = new HashMap<>();
    try (Connection c = DriverManager.getConnection(url, user, password);
        PreparedStatement update = c.prepareStatement("UPDATE act_ru_job SET duedate_ = ? WHERE id_ = ?");
        PreparedStatement read = c.prepareStatement("SELECT process_instance_id_ FROM act_ru_job WHERE id_ = ?")) {
      for (String id : jobIds) {
        update.setObject(1, LocalDateTime.ofInstant(due, ZoneId.of(AppNode.ZONE)));
        update.setString(2, id);
        update.executeUpdate();
        read.setString(1, id);
        try (ResultSet rs = read.executeQuery()) {
          if (rs.next()) {
            dues.put(rs.getString(1), due);
          }
        }
      }
    }
    return dues;
  }

  /** Jobs locked by a job executor right now, as «job id by lock owner». */
  Set<String> lockedJobs() throws SQLException {
    return new TreeSet<>(rows("SELECT id_, lock_owner_ FROM act_ru_job WHERE lock_owner_ IS NOT NULL",
        rs -> rs.getString(1) + " by " + rs.getString(2)));
  }

  /** Open incidents with their messages. */
  List<String> incidents() throws SQLException {
    return rows("SELECT incident_type_, activity_id_, incident_msg_ FROM act_ru_incident",
        rs -> rs.getString(1) + " at " + rs.getString(2) + ": " + rs.getString(3));
  }

  /** Phones with more than one contact (contacts are unique by phone). */
  Set<String> duplicateContacts() throws SQLException {
    return new TreeSet<>(rows("SELECT phone FROM contact GROUP BY phone HAVING COUNT(*) > 1", rs -> rs.getString(1)));
  }

  /** One line of text per row of a query. */
  private interface RowText {
    String of(ResultSet rs) throws SQLException;
  }

  private List<String> rows(String sql, RowText text) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url, user, password);
        PreparedStatement s = c.prepareStatement(sql);
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        rows.add(text.of(rs));
      }
    }
    return rows;
  }

  /** The engine writes timestamps without zone, in the JVM's default zone: the school's. */
  static Instant engineTime(LocalDateTime local) {
    return local.atZone(ZoneId.of(AppNode.ZONE)).toInstant();
  }

  private static Map<String, Integer> counts(Connection c, String sql) throws SQLException {
    Map<String, Integer> counts = new HashMap<>();
    try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        counts.put(rs.getString(1), rs.getInt(2));
      }
    }
    return counts;
  }

  private static int count(Connection c, String sql) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
