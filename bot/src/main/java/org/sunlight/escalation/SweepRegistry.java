package org.sunlight.escalation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.sunlight.registry.ChannelBinding;
import org.sunlight.registry.ComplexView;
import org.sunlight.registry.Registry;
import org.sunlight.registry.ScopeType;
import org.sunlight.registry.SettingKey;

/**
 * The registry as one sweep run sees it: complexes, the tiers' deadline settings and channel bindings,
 * each read once per run instead of once per item (the sweep used to spend most of each move on
 * these reads). A run with few items reads only what they need; a large page triggers one bulk read
 * of everything, which is cheaper than thousands of small ones. Lives for one run, so a deployment
 * reload is seen by the next run. Not thread-safe: one run, one thread.
 */
final class SweepRegistry {

    /** Pages needing more complexes than this not yet seen load the whole registry at once. */
    static final int BULK_THRESHOLD = 32;

    private final Registry registry;
    private final Map<Long, ComplexView> complexes = new HashMap<>();
    private final Map<String, List<ChannelBinding>> bindings = new HashMap<>();
    private final Map<SettingKey, Function<ComplexView, String>> settings = new EnumMap<>(SettingKey.class);
    private final Map<String, Integer> intSettings = new HashMap<>();
    private boolean bulk;

    SweepRegistry(Registry registry) {
        this.registry = registry;
    }

    /** Reads the registry in bulk when the items of a page need many complexes not read yet. */
    void prefetch(Collection<EscalationItem> items) {
        if (bulk) {
            return;
        }
        long unseen = items.stream().map(EscalationItem::complexId).distinct()
                .filter(id -> !complexes.containsKey(id)).count();
        if (unseen <= BULK_THRESHOLD) {
            return;
        }
        bulk = true;
        for (ComplexView view : registry.complexes()) {
            complexes.put(view.complex().id(), view);
        }
        bindings.clear();
        for (ChannelBinding binding : registry.bindings()) {
            // bindings() is ordered by scope, scope id, purpose and channel: each list keeps bindingsOf's order.
            bindings.computeIfAbsent(key(binding.scope(), binding.scopeId()), key -> new ArrayList<>()).add(binding);
        }
        for (Tier tier : Tier.values()) {
            tier.deadline().ifPresent(key -> settings.put(key, registry.settingForEach(key)));
        }
        intSettings.clear();
    }

    ComplexView complex(long id) {
        ComplexView view = complexes.get(id);
        if (view == null) {
            view = registry.complex(id).orElseThrow(() -> new IllegalStateException("no complex " + id));
            complexes.put(id, view);
        }
        return view;
    }

    List<ChannelBinding> bindingsOf(ScopeType scope, long scopeId) {
        String key = key(scope, scopeId);
        if (bulk) {
            return bindings.getOrDefault(key, List.of());
        }
        return bindings.computeIfAbsent(key, missing -> registry.bindingsOf(scope, scopeId));
    }

    int intSetting(ComplexView complex, SettingKey key) {
        return intSettings.computeIfAbsent(complex.complex().id() + ":" + key.key(), missing -> {
            Function<ComplexView, String> each = settings.get(key);
            return each != null ? Integer.parseInt(each.apply(complex)) : registry.intSetting(complex, key);
        });
    }

    private static String key(ScopeType scope, long scopeId) {
        return scope.code() + ":" + scopeId;
    }
}
