/**
 * The mlops API: what a host application and an SPI implementer compile against.
 *
 * <p>Exports the facades' value types ({@code dev.mlops.api.*}) and the service provider interface
 * ({@code dev.mlops.spi}). Has no runtime dependency but the JDK; the annotations are compile-only.
 */
module dev.mlops.api {
  requires static transitive org.jspecify;
  requires static transitive org.apiguardian.api;

  exports dev.mlops.api;
  exports dev.mlops.api.artifact;
  exports dev.mlops.api.tracking;
  exports dev.mlops.api.tracking.query;
  exports dev.mlops.api.lineage;
  exports dev.mlops.api.registry;
  exports dev.mlops.api.table;
  exports dev.mlops.api.audit;
  exports dev.mlops.api.pipeline;
  exports dev.mlops.api.monitor;
  exports dev.mlops.spi;

  uses dev.mlops.spi.StorageProvider;
}
