package dev.weft.explore;

import dev.weft.error.WeftInputException;
import java.util.ServiceLoader;

/**
 * A kind of engine, found by name: {@code local} here, others (Spark) through
 * {@link ServiceLoader} from modules that may or may not be on the class path.
 */
public interface EngineProvider {
    String name();

    /** An engine ready to run; {@code master} is the cluster to use, or null for the engine's default. */
    Engine open(String master);

    static Engine open(String name, String master) {
        if (LocalEngine.NAME.equals(name)) {
            if (master != null) {
                throw new WeftInputException("--master", null, "applies to --engine spark only",
                        "drop --master, or add --engine spark");
            }
            return new LocalEngine(Runtime.getRuntime().availableProcessors());
        }
        for (EngineProvider provider : ServiceLoader.load(EngineProvider.class)) {
            if (provider.name().equals(name)) {
                return provider.open(master);
            }
        }
        if ("spark".equals(name)) {
            throw new WeftInputException("--engine", null, "spark is not on the class path",
                    "build the optional module (mvn -pl explore-spark -am package) and run through ./weft, "
                            + "which adds explore-spark/target/ to the class path");
        }
        throw new WeftInputException("--engine", null, "unknown engine '" + name + "'", "use local or spark");
    }
}
