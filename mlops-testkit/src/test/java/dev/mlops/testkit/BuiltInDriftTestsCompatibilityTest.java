package dev.mlops.testkit;

import dev.mlops.spi.DriftTest;
import dev.mlops.validation.drift.BuiltInDriftTests;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

@DisplayName("the built-in drift tests keep the DriftTest contract")
class BuiltInDriftTestsCompatibilityTest {

  @Nested
  @DisplayName("ks")
  class Ks extends DriftTestCompatibilityKit {
    @Override
    protected DriftTest createTest() {
      return BuiltInDriftTests.ks();
    }
  }

  @Nested
  @DisplayName("mannWhitney")
  class MannWhitney extends DriftTestCompatibilityKit {
    @Override
    protected DriftTest createTest() {
      return BuiltInDriftTests.mannWhitney();
    }
  }

  @Nested
  @DisplayName("andersonDarling")
  class AndersonDarling extends DriftTestCompatibilityKit {
    @Override
    protected DriftTest createTest() {
      return BuiltInDriftTests.andersonDarling();
    }
  }

  @Nested
  @DisplayName("wasserstein")
  class Wasserstein extends DriftTestCompatibilityKit {
    @Override
    protected DriftTest createTest() {
      return BuiltInDriftTests.wasserstein();
    }
  }

  @Nested
  @DisplayName("chiSquared")
  class ChiSquared extends DriftTestCompatibilityKit {
    @Override
    protected DriftTest createTest() {
      return BuiltInDriftTests.chiSquared();
    }
  }

  @Nested
  @DisplayName("jensenShannon")
  class JensenShannon extends DriftTestCompatibilityKit {
    @Override
    protected DriftTest createTest() {
      return BuiltInDriftTests.jensenShannon();
    }
  }
}
