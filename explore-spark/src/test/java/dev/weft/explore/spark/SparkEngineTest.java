package dev.weft.explore.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.error.WeftInputException;
import dev.weft.explore.ExploreRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkEngineTest {
    @TempDir
    Path dir;

    @Test
    void localTwoCoresGivesTheLocalEnginesBytesAndParquet() throws Exception {
        Path local = SweepFixture.local(dir);
        Path spark = dir.resolve("spark");
        try (SparkEngine engine = new SparkEngine("local[2]", Map.of("spark.driver.host", "127.0.0.1",
                "spark.driver.bindAddress", "127.0.0.1"))) {
            ExploreRun.run(SweepFixture.spec(), spark, engine, done -> { });
            for (String file : new String[] {ExploreRun.ROWS, ExploreRun.PARETO, ExploreRun.BEST}) {
                assertEquals(Files.readString(local.resolve(file)), Files.readString(spark.resolve(file)), file);
            }
            Dataset<org.apache.spark.sql.Row> parquet = SparkSession.active().read().parquet(spark.resolve("rows.parquet").toString());
            assertEquals(16, parquet.count());
            assertEquals(Files.readAllLines(local.resolve(ExploreRun.ROWS)).get(0).replace("dynamic_energy_pj", "dynamic_energy_pj"),
                    String.join(",", parquet.columns()));
        }
    }

    @Test
    void mastersWeftCannotUseAreOneLine() {
        WeftInputException wrong = assertThrows(WeftInputException.class, () -> SparkEngine.checkMaster("yarn"));
        assertTrue(wrong.getMessage().startsWith("--master: 'yarn' is not a Spark master Weft can use"), wrong.getMessage());
        // port 1 on loopback: nothing listens there
        WeftInputException unreachable = assertThrows(WeftInputException.class,
                () -> SparkEngine.checkMaster("spark://127.0.0.1:1"));
        assertTrue(unreachable.getMessage().startsWith("--master: cannot reach the Spark master at 127.0.0.1:1"),
                unreachable.getMessage());
        assertEquals(1, unreachable.getMessage().lines().count());
    }
}
