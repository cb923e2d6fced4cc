package dev.sweep.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StoreUrlTest {

  @Test
  void parsesTheThreeForms() {
    StoreUrl a = StoreUrl.parse("postgresql://sweep@db.lab:5433/sweeps?sslmode=require");
    assertThat(a.host()).isEqualTo("db.lab");
    assertThat(a.port()).isEqualTo(5433);
    assertThat(a.database()).isEqualTo("sweeps");
    assertThat(a.user()).contains("sweep");
    assertThat(a.params()).isEqualTo(Map.of("sslmode", "require"));
    assertThat(a).hasToString("postgresql://sweep@db.lab:5433/sweeps?sslmode=require");

    StoreUrl b = StoreUrl.parse("postgres://db.lab/sweeps");
    assertThat(b.port()).isEqualTo(5432);
    assertThat(b.user()).isEmpty();

    StoreUrl c = StoreUrl.parse("jdbc:postgresql://127.0.0.1:55432/sweep?user=sweep");
    assertThat(c.user()).contains("sweep");
    assertThat(c.params()).isEmpty();
    assertThat(c).hasToString("postgresql://sweep@127.0.0.1:55432/sweep");

    assertThat(StoreUrl.parse("postgresql://[::1]:6000/x").host()).isEqualTo("::1");
  }

  @Test
  void refusesAPasswordWithoutShowingIt() {
    assertThatThrownBy(() -> StoreUrl.parse("postgresql://sweep:hunter2@db/sweeps"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("contains a password")
        .hasMessageContaining("PGPASSWORD")
        .hasMessageContaining("postgresql://sweep:***@db/sweeps")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(
            () -> StoreUrl.parse("jdbc:postgresql://db/sweeps?user=a&password=hunter2&x=1"))
        .hasMessageContaining("password=***")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void refusesOtherSchemesMissingPartsAndBadPorts() {
    assertThatThrownBy(() -> StoreUrl.parse("mysql://db/sweeps"))
        .hasMessageContaining("'mysql://db/sweeps'")
        .hasMessageContaining("scheme 'mysql'")
        .hasMessageContaining("postgresql://[user@]host[:port]/database");
    assertThatThrownBy(() -> StoreUrl.parse("postgresql://db"))
        .hasMessageContaining("names no database")
        .hasMessageContaining("'postgresql://db'");
    assertThatThrownBy(() -> StoreUrl.parse("postgresql://db/"))
        .hasMessageContaining("names no database");
    assertThatThrownBy(() -> StoreUrl.parse("postgresql:///sweeps"))
        .hasMessageContaining("names no host");
    assertThatThrownBy(() -> StoreUrl.parse("postgresql://db:abc/sweeps"))
        .hasMessageContaining("port 'abc'")
        .hasMessageContaining("1 to 65535");
    assertThatThrownBy(() -> StoreUrl.parse("postgresql://db:70000/sweeps"))
        .hasMessageContaining("port '70000'");
    assertThatThrownBy(() -> StoreUrl.parse("")).hasMessageContaining("no database URL");
  }

  @Test
  void theDataSourceTakesThePasswordFromTheEnvironmentOnly() {
    var ds =
        StoreUrl.parse("postgresql://sweep@h:1/d?connectTimeout=3").dataSource(Optional.of("pw"));
    assertThat(ds.getPassword()).isEqualTo("pw");
    assertThat(ds.getConnectTimeout()).isEqualTo(3);
    assertThat(ds.getUser()).isEqualTo("sweep");
  }
}
