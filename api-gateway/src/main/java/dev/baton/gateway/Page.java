package dev.baton.gateway;

import java.util.List;

/**
 * One page of a list.
 *
 * @param items the items of this page
 * @param page the page number, from 0
 * @param size the page size asked for
 * @param total how many items there are in all
 * @param <T> the item type
 */
public record Page<T>(List<T> items, int page, int size, int total) {
    /** The largest page a client may ask for. */
    public static final int MAX_SIZE = 200;

    /** @return that page of the whole list */
    public static <T> Page<T> of(List<T> all, int page, int size) {
        int from = (int) Math.min((long) page * size, all.size());
        return new Page<>(all.subList(from, Math.min(from + size, all.size())), page, size, all.size());
    }
}
