/**
 * A store that many runs of one sweep share at once, on PostgreSQL: claims, heartbeats, changes.
 */
module dev.sweep.postgres {
  requires transitive dev.sweep.core;
  requires transitive java.sql;
  requires org.postgresql.jdbc;
  requires java.naming; // the driver's data sources are Referenceable

  exports dev.sweep.postgres;
}
