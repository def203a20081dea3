package dev.brine.models.tree;

/**
 * Sorts a range of keys and carries a parallel array of sample indices along (Java has no primitive argsort). An
 * introsort-style quicksort: median-of-three pivots, insertion sort for short ranges, heapsort if recursion runs deep,
 * so adversarial inputs stay O(n log n).
 */
final class ArgSort {

    private static final int INSERTION_LIMIT = 16;

    private ArgSort() {
    }

    static void sort(double[] keys, int[] payload, int from, int to) {
        int depthLimit = 2 * (32 - Integer.numberOfLeadingZeros(Math.max(to - from, 1)));
        quicksort(keys, payload, from, to - 1, depthLimit);
    }

    private static void quicksort(double[] keys, int[] payload, int low, int high, int depth) {
        while (high - low > INSERTION_LIMIT) {
            if (depth-- == 0) {
                heapsort(keys, payload, low, high + 1);
                return;
            }
            int middle = (low + high) >>> 1;
            if (keys[middle] < keys[low]) swap(keys, payload, middle, low);
            if (keys[high] < keys[low]) swap(keys, payload, high, low);
            if (keys[high] < keys[middle]) swap(keys, payload, high, middle);
            double pivot = keys[middle];
            int i = low;
            int j = high;
            while (i <= j) {
                while (keys[i] < pivot) i++;
                while (keys[j] > pivot) j--;
                if (i <= j) {
                    swap(keys, payload, i, j);
                    i++;
                    j--;
                }
            }
            // Recurse into the smaller part, loop on the larger, so the stack stays O(log n).
            if (j - low < high - i) {
                quicksort(keys, payload, low, j, depth);
                low = i;
            } else {
                quicksort(keys, payload, i, high, depth);
                high = j;
            }
        }
        for (int i = low + 1; i <= high; i++) {
            double key = keys[i];
            int value = payload[i];
            int j = i - 1;
            while (j >= low && keys[j] > key) {
                keys[j + 1] = keys[j];
                payload[j + 1] = payload[j];
                j--;
            }
            keys[j + 1] = key;
            payload[j + 1] = value;
        }
    }

    private static void heapsort(double[] keys, int[] payload, int from, int to) {
        int count = to - from;
        for (int i = count / 2 - 1; i >= 0; i--) siftDown(keys, payload, from, i, count);
        for (int end = count - 1; end > 0; end--) {
            swap(keys, payload, from, from + end);
            siftDown(keys, payload, from, 0, end);
        }
    }

    private static void siftDown(double[] keys, int[] payload, int base, int root, int count) {
        while (true) {
            int child = 2 * root + 1;
            if (child >= count) return;
            if (child + 1 < count && keys[base + child + 1] > keys[base + child]) child++;
            if (keys[base + root] >= keys[base + child]) return;
            swap(keys, payload, base + root, base + child);
            root = child;
        }
    }

    private static void swap(double[] keys, int[] payload, int i, int j) {
        double key = keys[i];
        keys[i] = keys[j];
        keys[j] = key;
        int value = payload[i];
        payload[i] = payload[j];
        payload[j] = value;
    }
}
