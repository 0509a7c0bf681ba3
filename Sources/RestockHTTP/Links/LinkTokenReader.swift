import Crypto
import Foundation
import Hummingbird
import RestockCore

/// Reads the signed token in a mailed link's path, for every route that has one (`/u`, `/r`,
/// `/c`, `/t/o`, `/t/c`). A secret shorter than 16 bytes turns those routes off: every token
/// is then refused.
struct LinkTokenReader: Sendable {
    let secret: SymmetricKey?
    let clock: @Sendable () -> Timestamp

    init(secret: String, clock: @escaping @Sendable () -> Timestamp) {
        self.secret = secret.utf8.count >= 16 ? SymmetricKey(data: Data(secret.utf8)) : nil
        self.clock = clock
    }

    /// The path's `:token` if it is ours, for `purpose`, and not expired.
    func token(_ purpose: LinkToken.Purpose, _ context: RestockRequestContext) -> LinkToken? {
        guard let secret, let text = context.parameters.get("token") else { return nil }
        return LinkToken.decode(text, purpose: purpose, secret: secret, now: clock())
    }
}
