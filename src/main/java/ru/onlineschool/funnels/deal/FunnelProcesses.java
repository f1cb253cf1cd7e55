package ru.onlineschool.funnels.deal;

import java.util.Arrays;
import java.util.List;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.identity.SchoolProcesses;

/** The funnels' process keys, for the access policy's grants. */
@Component
class FunnelProcesses implements SchoolProcesses {

  @Override
  public List<String> sales() {
    return keys(Funnel.sales());
  }

  @Override
  public List<String> delivery() {
    return keys(List.of(Funnel.COURSE_DELIVERY));
  }

  @Override
  public List<String> all() {
    return keys(Arrays.asList(Funnel.values()));
  }

  private static List<String> keys(List<Funnel> funnels) {
    return funnels.stream().map(Funnel::processKey).toList();
  }
}
