package org.sunlight.web;

/**
 * Page arithmetic shared by every paged listing (queues, league tables): a page knows how many
 * rows match in all, its own number (from 1) and its size; the rest follows. The pager template
 * ({@code dashboard-pager}) reads these.
 */
public interface PageNumbers {

    long total();

    int number();

    int size();

    default int pages() {
        return (int) Math.max(1, (total() + size() - 1) / size());
    }

    default boolean hasPrevious() {
        return number() > 1;
    }

    default boolean hasNext() {
        return number() < pages();
    }
}
