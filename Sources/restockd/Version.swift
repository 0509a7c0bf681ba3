/// The release, as `restockd --version` prints it and `deploy/build-deb` names the package: the
/// one place it is written. Raise it with each release (Debian compares versions, so an upgrade
/// must carry a higher one).
let restockdVersion = "0.17.0"
