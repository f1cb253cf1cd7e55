package ru.onlineschool.funnels.deal;

import java.util.List;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.deal.FunnelCatalog.Department;
import ru.onlineschool.funnels.identity.SchoolProcesses;

/** The funnels' process keys from the deployed models, for the access policy's grants. */
@Component
class FunnelProcesses implements SchoolProcesses {

  private final FunnelCatalog funnels;

  FunnelProcesses(FunnelCatalog funnels) {
    this.funnels = funnels;
  }

  @Override
  public List<String> sales() {
    return funnels.keysOf(Department.SALES);
  }

  @Override
  public List<String> delivery() {
    return funnels.keysOf(Department.DELIVERY);
  }

  @Override
  public List<String> all() {
    return funnels.keys();
  }
}
