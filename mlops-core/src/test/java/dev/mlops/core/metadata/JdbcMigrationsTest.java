package dev.mlops.core.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("schema versions")
class JdbcMigrationsTest {
  @Test
  @DisplayName("dotted versions compare numerically, part by part")
  void compare() {
    assertThat(JdbcMigrations.compareVersions("1", "1")).isZero();
    assertThat(JdbcMigrations.compareVersions("1.0", "1")).isZero();
    assertThat(JdbcMigrations.compareVersions("2", "1")).isPositive();
    assertThat(JdbcMigrations.compareVersions("10", "9")).isPositive();
    assertThat(JdbcMigrations.compareVersions("1.10", "1.9")).isPositive();
    assertThat(JdbcMigrations.compareVersions("1.1", "2")).isNegative();
  }
}
