package dev.laurel.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * At most {@code capacity} loaded models, by artifact id; loading one more closes the least recently
 * used. Models are large (memory, native handles), so a worker keeps only the ones it is using.
 */
public final class ModelPool implements AutoCloseable {
    private final int capacity;
    private final Function<String, DjlModel> loader;
    private final LinkedHashMap<String, DjlModel> loaded = new LinkedHashMap<>(16, 0.75f, true);
    private int loads;

    public ModelPool(int capacity, Function<String, DjlModel> loader) {
        this.capacity = Math.max(1, capacity);
        this.loader = loader;
    }

    /** The loaded model, loading it (and evicting the least recently used beyond capacity) if needed. */
    public synchronized DjlModel get(String artifact) {
        DjlModel model = loaded.get(artifact);
        if (model != null) {
            return model;
        }
        model = loader.apply(artifact);
        loads++;
        loaded.put(artifact, model);
        var eldest = loaded.entrySet().iterator();
        while (loaded.size() > capacity) {
            Map.Entry<String, DjlModel> victim = eldest.next();
            eldest.remove();
            // generate() holds the model's lock: closing waits until a running batch is done
            synchronized (victim.getValue()) {
                victim.getValue().close();
            }
        }
        return model;
    }

    /** How many times a model was loaded (a hit costs nothing). */
    public synchronized int loads() {
        return loads;
    }

    @Override
    public synchronized void close() {
        loaded.values().forEach(DjlModel::close);
        loaded.clear();
    }
}
