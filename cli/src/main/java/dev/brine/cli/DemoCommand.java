package dev.brine.cli;

import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "demo", description = "The main job on embedded defaults: train the classic examples in Java, save,"
        + " reload and compare, resume training, load Python-made models, register and serve them.")
final class DemoCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("brine demo will: train the classic examples in Java (linear regression, a scaler + logistic"
                + " regression pipeline and a random forest on iris, small neural networks with Adam), save each"
                + " as .brine, reload it and check identical predictions, interrupt and resume a training run,"
                + " load Python-made artifacts, register everything in the embedded registry and serve it.");
        out.println("This build has the .brine format only; the model parts arrive with the models module.");
        return 0;
    }
}
