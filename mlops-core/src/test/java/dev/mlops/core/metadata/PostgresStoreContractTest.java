package dev.mlops.core.metadata;

import org.junit.jupiter.api.DisplayName;

@DisplayName("the JDBC store on PostgreSQL")
class PostgresStoreContractTest extends JdbcStoreContractTest {
  private String schema;

  @Override
  protected JdbcMetadataStore newStore() {
    schema = PostgresTestDatabase.createSchema();
    return JdbcMetadataStore.postgres(PostgresTestDatabase.urlFor(schema));
  }

  @Override
  protected void cleanUp() {
    PostgresTestDatabase.dropSchema(schema);
  }
}
