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

  @Test
  @DisplayName("a JDBC URL is shown without its query and user info")
  void redact() {
    assertThat(JdbcMetadataStore.redact("jdbc:postgresql://h:5432/db?user=u&password=secret"))
        .isEqualTo("jdbc:postgresql://h:5432/db?...");
    assertThat(JdbcMetadataStore.redact("jdbc:postgresql://u:secret@h/db"))
        .isEqualTo("jdbc:postgresql://...@h/db");
    assertThat(JdbcMetadataStore.redact("jdbc:postgresql://h/db"))
        .isEqualTo("jdbc:postgresql://h/db");
    assertThat(JdbcMetadataStore.redact("jdbc:postgresql://h/db@x"))
        .isEqualTo("jdbc:postgresql://h/db@x");
  }
}
