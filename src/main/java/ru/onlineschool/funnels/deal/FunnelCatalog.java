package ru.onlineschool.funnels.deal;

import java.util.List;
import java.util.Optional;

/**
 * The school's funnels as the deployed models declare them: a process whose model carries the
 * property {@value #DEPARTMENT_PROPERTY} ({@code sales} or {@code delivery}) is a funnel, its name
 * is the funnel's title and the optional {@value #ORDER_PROPERTY} its place in lists. A fifth funnel
 * is a model with these properties; grants, reports, the stalled-deals check and the deal card
 * follow from it. The engine module reads the models ({@code engine/ModelFunnels}).
 */
public interface FunnelCatalog {

  String DEPARTMENT_PROPERTY = "department";
  String ORDER_PROPERTY = "funnelOrder";

  /** Who works a funnel: the sales department (managers, heads of sales) or the curators. */
  enum Department {
    SALES("sales"),
    DELIVERY("delivery");

    private final String code;

    Department(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }

    public static Optional<Department> of(String code) {
      for (Department department : values()) {
        if (department.code.equals(code)) {
          return Optional.of(department);
        }
      }
      return Optional.empty();
    }
  }

  /** One funnel: its BPMN process key, its Russian title (the process's name) and its department. */
  record FunnelModel(String processKey, String title, Department department) {}

  /** Every funnel of the latest deployed models, in the models' order. */
  List<FunnelModel> all();

  default Optional<FunnelModel> find(String processKey) {
    return all().stream().filter(f -> f.processKey().equals(processKey)).findFirst();
  }

  /** The funnel's Russian title, or its key if no deployed model declares it. */
  default String title(String processKey) {
    return find(processKey).map(FunnelModel::title).orElse(processKey);
  }

  default boolean isSales(String processKey) {
    return find(processKey).map(f -> f.department() == Department.SALES).orElse(false);
  }

  default List<String> keysOf(Department department) {
    return all().stream().filter(f -> f.department() == department).map(FunnelModel::processKey).toList();
  }

  default List<String> keys() {
    return all().stream().map(FunnelModel::processKey).toList();
  }
}
