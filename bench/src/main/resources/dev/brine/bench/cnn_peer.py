"""PyTorch's side of CnnBench: torchvision's resnet18 (random weights, eval mode, no_grad) timed on the same batch
shapes, in the same run. Prints JSON: each measurement's seconds per repetition, and the thread count.

    cnn_peer.py REPS BATCH [BATCH...]
"""
import json
import sys
import time

try:
    import torch
    import torchvision
except ImportError as e:
    print(json.dumps({"skipped": "no torch/torchvision: %s" % e}))
    sys.exit(0)

reps = int(sys.argv[1])
batches = [int(b) for b in sys.argv[2:]]
torch.manual_seed(0)
model = torchvision.models.resnet18(weights=None).eval()
out = {"threads": torch.get_num_threads(), "torch": torch.__version__}
with torch.no_grad():
    for batch in batches:
        x = torch.randn(batch, 3, 224, 224)
        for _ in range(3 if batch > 1 else 10):
            model(x)
        times = []
        for _ in range(reps):
            start = time.perf_counter()
            model(x)
            times.append(time.perf_counter() - start)
        out["resnet18 batch %d" % batch] = times
print(json.dumps(out))
