extension WooCommerceFormat {
    /// Body of `product.created`, `product.updated`, `product.restored`: one product or variation.
    ///
    /// Stock, decided from `stock_status` first (it is what the storefront sells by) and the
    /// managed `stock_quantity` second:
    /// - `outofstock` → 0, even with a positive quantity (at or under the shop's "out of stock
    ///   threshold" WooCommerce stops selling).
    /// - `onbackorder` → 0, or, when backorders count as available, the larger of the quantity
    ///   and `assumedQuantity` (the quantity is usually 0 or negative, yet shoppers can order).
    /// - `instock` → the managed quantity, else `assumedQuantity`.
    /// - any other status → the managed quantity if there is one, else nothing.
    ///
    /// `manage_stock` may be `"parent"` on a variation sharing its parent's stock; its
    /// `stock_quantity` is then the shared pool, which is what the shopper can buy, so it counts
    /// as managed. A `variable` parent (and a `grouped` or `external` product) is not sold
    /// itself: it gives catalog details only. A product that is not published (draft, pending,
    /// private, a disabled variation) cannot be bought either way, so it gives no level at all:
    /// neither "back in stock" nor "sold out".
    struct ProductPayload: Decodable {
        struct Image: Decodable { var src: String? }

        struct Attribute: Decodable {
            var option: String?

            enum CodingKeys: String, CodingKey { case option }

            init(from decoder: any Decoder) throws {
                // Product attributes list `options` (an array); only a variation's have `option`.
                option = (try? decoder.container(keyedBy: CodingKeys.self))?.lenientString(forKey: .option)
            }
        }

        /// `true`, `false`, or `"parent"`.
        struct ManageStock: Decodable {
            var isManaged: Bool

            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let flag = try? container.decode(Bool.self) {
                    isManaged = flag
                } else if let text = try? container.decode(String.self) {
                    isManaged = text == "parent"
                } else {
                    throw DecodingError.typeMismatch(
                        Bool.self,
                        .init(codingPath: decoder.codingPath, debugDescription: "expected true, false or \"parent\""))
                }
            }
        }

        static let unsoldTypes: Set<String> = ["variable", "grouped", "external"]

        var id: FlexibleID
        var type: String?
        var status: String?
        var name: String?
        var permalink: String?
        var price: DecimalText?
        var manage_stock: ManageStock?
        var stock_quantity: Int?
        /// Required: every REST v3 product and variation has it, and a body without it is not a
        /// product (an order sent under a product topic).
        var stock_status: String
        var images: [Image]?
        var image: Image?
        var attributes: [Attribute]?
        var date_modified_gmt: GMTTime?

        func normalized(receivedAt: Timestamp, options: Options) -> PlatformEvents {
            var events = PlatformEvents()
            let entry = catalogEntry(currency: options.currency)
            if entry.hasDetails { events.catalog.append(entry) }
            let sold = !Self.unsoldTypes.contains(type ?? "simple") && (status == nil || status == "publish")
            if sold, let change = stockChange(options: options) {
                events.stock.append(
                    StockEvent(
                        variantID: id.value, change: change, occurredAt: date_modified_gmt?.timestamp ?? receivedAt))
            }
            return events
        }

        func stockChange(options: Options) -> StockEvent.Change? {
            let managed = manage_stock?.isManaged == true ? stock_quantity : nil
            switch stock_status {
            case "outofstock":
                return .absolute(0)
            case "onbackorder":
                return .absolute(options.backorderIsAvailable ? max(managed ?? 0, options.assumedQuantity) : 0)
            case "instock":
                return .absolute(managed ?? options.assumedQuantity)
            default:
                return managed.map { .absolute($0) }
            }
        }

        /// For a variation `name` is usually "Parent - Option" and is kept whole as the product
        /// title; its options joined are the variant title. The price is kept only when the
        /// shop's currency is configured, and an unreadable or empty price is left out: it only
        /// decorates an email, and is not worth refusing the stock level that came with it.
        func catalogEntry(currency: String?) -> CatalogEntry {
            let options = type == "variation" ? (attributes ?? []).compactMap(\.option.nonBlank) : []
            var priceMinor: Int64? = nil
            let code = currency?.uppercased()
            if let code, let price { priceMinor = price.minorUnits(currency: code) }
            return CatalogEntry(
                variantID: id.value, productTitle: name.nonBlank,
                variantTitle: options.isEmpty ? nil : options.joined(separator: ", "), url: permalink.nonBlank,
                imageURL: image?.src.nonBlank ?? (images ?? []).lazy.compactMap(\.src.nonBlank).first,
                priceMinor: priceMinor, currency: priceMinor == nil ? nil : code)
        }
    }
}
