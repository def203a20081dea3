import dev.brine.server.Batching;
import dev.brine.server.BrineServer;
import dev.brine.server.ModelSource;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Starts a Brine server for load tests until killed: {@code java -cp CLASSPATH Serve.java PORT NAME=FILE…
 * [--batch ROWS MICROS]}. The `brine serve` command does the same with more options.
 */
public class Serve {
    public static void main(String[] args) throws InterruptedException {
        BrineServer.Builder builder = BrineServer.builder().port(Integer.parseInt(args[0]));
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--batch")) {
                builder.batching(Batching.of(Integer.parseInt(args[i + 1]),
                        Duration.ofNanos(Long.parseLong(args[i + 2]) * 1000)));
                i += 2;
                continue;
            }
            String[] model = args[i].split("=", 2);
            builder.model(model[0], ModelSource.file(Path.of(model[1])));
        }
        BrineServer server = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        Thread.currentThread().join();
    }
}
