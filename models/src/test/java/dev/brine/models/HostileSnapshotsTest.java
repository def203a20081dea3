package dev.brine.models;

import dev.brine.core.CorruptModelException;
import dev.brine.core.IncompatibleModelException;
import dev.brine.core.UnsupportedModelException;
import dev.brine.core.json.Json;
import dev.brine.core.json.JsonParser;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.model.ModelTypes;
import dev.brine.models.nn.Architecture;
import dev.brine.models.testing.Datasets;
import dev.brine.models.testing.NetworkData;
import dev.brine.models.tabular.Target;
import dev.brine.models.tree.ForestSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Snapshots a hostile or damaged file could carry: each is refused with a typed exception before anything large is
 * allocated (the configuration alone never decides an allocation the file's tensors do not back).
 */
class HostileSnapshotsTest {

    @Test
    void networkConfigurationClaimingHugeLayersIsRefusedBeforeAllocating() {
        ModelSnapshot real = NetworkData.network(0).snapshot();
        String huge = real.config().toString().replace("\"in_features\":4,\"out_features\":16",
                "\"in_features\":4,\"out_features\":1000000000");
        assertThrows(IncompatibleModelException.class, () -> ModelTypes.restore(withConfig(real, huge), "test"));
    }

    @Test
    void architectureOnlyFileWithHugeLayersLoadsButRefusesToInitialise() {
        String config = "{\"input_features\":100000,\"layers\":[{\"name\":\"0\",\"type\":\"linear\","
                + "\"in_features\":100000,\"out_features\":100000,\"bias\":true}]}";
        ModelSnapshot snapshot = new ModelSnapshot(Architecture.TYPE, parse(config), List.of(),
                dev.brine.core.model.Signature.UNKNOWN, List.of(), java.util.Optional.empty());
        Architecture architecture = (Architecture) ModelTypes.restore(snapshot, "test");
        assertThrows(CorruptModelException.class, () -> architecture.initialize(0));
    }

    @Test
    void unknownLayerTypeIsUnsupported() {
        ModelSnapshot real = NetworkData.network(0).snapshot();
        String other = real.config().toString().replace("\"type\":\"relu\"", "\"type\":\"os.system\"");
        assertThrows(UnsupportedModelException.class, () -> ModelTypes.restore(withConfig(real, other), "test"));
    }

    @Test
    void forestConfigurationClaimingBillionsOfTreesIsRefused() {
        ModelSnapshot real = ForestSpec.decisionTreeClassifier(0)
                .fit(Datasets.x("iris"), new Target.Classes(Datasets.labels("iris")), List.of()).snapshot();
        String many = real.config().toString().replace("\"n_estimators\":1", "\"n_estimators\":2147483647");
        assertThrows(CorruptModelException.class, () -> ModelTypes.restore(withConfig(real, many), "t"));
    }

    @Test
    void malformedConfigurationIsCorrupt() {
        ModelSnapshot real = NetworkData.network(0).snapshot();
        assertThrows(CorruptModelException.class, () -> ModelTypes.restore(withConfig(real, "{\"layers\":3}"), "t"));
    }

    private static ModelSnapshot withConfig(ModelSnapshot snapshot, String config) {
        return new ModelSnapshot(snapshot.type(), parse(config), snapshot.tensors(), snapshot.signature(),
                snapshot.classLabels(), snapshot.training());
    }

    private static Json.JsonObject parse(String text) {
        return (Json.JsonObject) JsonParser.parse(text);
    }
}
