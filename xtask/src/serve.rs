//! `cargo xtask serve`: build a release and serve the project root, the way
//! a developer looks at the page.

use std::io::ErrorKind;

use crate::server::Server;
use crate::tools::{self, Need};
use crate::{bail, env, release, Result};

pub fn run(port: u16) -> Result<()> {
    let root = env::project_root();
    // Bind first: a taken port is reported at once, not after a build.
    let server = match Server::bind(&root, ("127.0.0.1", port)) {
        Ok(server) => server,
        Err(error) if error.kind() == ErrorKind::AddrInUse => {
            let other = if port == u16::MAX { 8001 } else { port + 1 };
            bail!(
                "port {port} is already in use (another server running?); \
                 choose another port: cargo xtask serve --port {other}"
            )
        }
        Err(error) => bail!(
            "cannot listen on 127.0.0.1:{port}: {error}; \
             choose another port: cargo xtask serve --port 8001"
        ),
    };
    let tools = tools::ensure(Need::Build)?;
    // A failed build stops here: never serve a half-built page.
    release::build(&tools)?;
    println!(
        "\nserving {} – open http://{}/  (Ctrl-C to stop)",
        root.display(),
        server.local_addr()
    );
    server.log_requests(true).run();
    Ok(())
}
