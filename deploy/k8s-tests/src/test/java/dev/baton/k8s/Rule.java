package dev.baton.k8s;

import java.util.List;
import java.util.function.Function;

/**
 * One policy over a rendered overlay, named after the failure it prevents. Each violation names the
 * resource at fault and the fix.
 *
 * @param name the failure it prevents, as a short slug
 * @param check what it finds in a rendered overlay: one message per violation, empty when it holds
 */
record Rule(String name, Function<Rendered, List<String>> check) {
    List<String> violations(Rendered rendered) {
        return check.apply(rendered);
    }

    @Override
    public String toString() {
        return name;
    }
}
