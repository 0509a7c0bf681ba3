extension SchemaCatalog {
    /// How a freshly migrated SQLite database differs from a freshly migrated PostgreSQL one
    /// today (docs/SCHEMA-DRIFT.md §1), one line each as
    /// ``differences(from:as:and:exactTypes:)`` writes them. Issue 18 point 1 ("one schema")
    /// holds when this list is empty.
    ///
    /// `SchemaCatalogTests` fails when a difference appears that is not listed, and also when a
    /// listed one is gone: a migration that removes a difference removes its line here.
    static let expectedDifferences: [String] = [
        "column feed_polls.url: nullable on sqlite",
        "column outbox.cycle_id: only on postgresql",
        "column outbox.variant_id: only on postgresql",
        "column outbox.watch_id: only on postgresql",
        "column watches.ended: only on postgresql",
        "index outbox_settled_state_id: only on postgresql",
        "index outbox_state_id: only on sqlite",
        "index outbox_watch: only on postgresql",
        "index watches_live_customer_variant: unique (customer_id, variant_id) where state in ['pending','watching','notified','sold_out_again'] on sqlite, unique (customer_id, variant_id) where not ended on postgresql",
        "index watches_live_variant_position: only on postgresql",
        "index watches_variant_state_position: only on sqlite",
        "table stats_pending: only on postgresql",
        "table waiting: only on postgresql",
        "view outbox_item_list: only on postgresql",
    ]
}
