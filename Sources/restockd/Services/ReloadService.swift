import Logging
import RestockMail
import ServiceLifecycle
import Systemd
import UnixSignals

/// SIGHUP (`systemctl reload restockd`) re-reads the templates. A set that loads replaces the
/// one in use; one that does not is reported, naming the file and the error, and the daemon
/// goes on with the set it had: a typo in a template never stops mail that was working.
///
/// systemd hears `RELOADING=1` at the start and `READY=1` at the end, as `Type=notify-reload`
/// expects, with a STATUS= line saying how the reload went.
struct ReloadService: Service {
    /// Trapped when the daemon is built, before READY=1: a SIGHUP's default action would end
    /// the process.
    let signals: UnixSignalsSequence
    let library: TemplateLibrary
    let load: @Sendable () throws -> TemplateSet
    let notifier: SystemdNotifier
    let logger: Logger

    func run() async throws {
        for await _ in signals.cancelOnGracefulShutdown() {
            reload()
        }
    }

    func reload() {
        notifier.notify([.reloading])
        do {
            let set = try load()
            library.replace(with: set)
            logger.notice("templates reloaded", metadata: ["restock.mail.locales": "\(set.locales)"])
            notifier.notify([.ready, .status("Templates reloaded")])
        } catch {
            logger.error(
                "reload failed, still using the templates loaded before",
                metadata: ["error": "\(String(reflecting: error))"])
            notifier.notify([.ready, .status("Reload failed: \(error); still using the previous templates")])
        }
    }
}
