//! HTTPS remotes: storyboard reads the system's certificate authorities only when
//! it first contacts an HTTPS remote, and verifies the server exactly as before.
//!
//! A local TLS server with a self-signed certificate answers every request with
//! 401. Trusted (its certificate is the bundle `SSL_CERT_FILE` names), the
//! handshake succeeds and the run stops at the login; not trusted, it stops at the
//! certificate. Either way nothing changes in the repository.

mod support;
#[path = "support/world.rs"]
mod world;

use std::io::{Read, Write};
use std::net::TcpListener;

use openssl::asn1::Asn1Time;
use openssl::bn::BigNum;
use openssl::ec::{EcGroup, EcKey};
use openssl::hash::MessageDigest;
use openssl::nid::Nid;
use openssl::pkey::{PKey, Private};
use openssl::ssl::{SslAcceptor, SslMethod};
use openssl::x509::extension::{BasicConstraints, SubjectAlternativeName};
use openssl::x509::{X509, X509NameBuilder};

use world::{World, git_out};

fn self_signed() -> (PKey<Private>, X509) {
    let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).expect("curve");
    let key = PKey::from_ec_key(EcKey::generate(&group).expect("key")).expect("pkey");
    let mut name = X509NameBuilder::new().expect("name");
    name.append_entry_by_text("CN", "storyboard test server")
        .expect("cn");
    let name = name.build();
    let mut cert = X509::builder().expect("builder");
    cert.set_version(2).expect("version");
    let serial = BigNum::from_u32(1)
        .and_then(|n| n.to_asn1_integer())
        .expect("serial");
    cert.set_serial_number(&serial).expect("serial");
    cert.set_subject_name(&name).expect("subject");
    cert.set_issuer_name(&name).expect("issuer");
    cert.set_pubkey(&key).expect("pubkey");
    cert.set_not_before(&Asn1Time::days_from_now(0).expect("now"))
        .expect("not before");
    cert.set_not_after(&Asn1Time::days_from_now(2).expect("later"))
        .expect("not after");
    let ca = BasicConstraints::new().critical().ca().build().expect("ca");
    cert.append_extension(ca).expect("ca");
    let san = SubjectAlternativeName::new()
        .ip("127.0.0.1")
        .build(&cert.x509v3_context(None, None))
        .expect("san");
    cert.append_extension(san).expect("san");
    cert.sign(&key, MessageDigest::sha256()).expect("sign");
    (key, cert.build())
}

/// A TLS server on a free local port that answers 401 to everything; its port.
fn serve_401(key: PKey<Private>, cert: X509) -> u16 {
    let mut acceptor = SslAcceptor::mozilla_intermediate_v5(SslMethod::tls()).expect("acceptor");
    acceptor.set_private_key(&key).expect("key");
    acceptor.set_certificate(&cert).expect("cert");
    let acceptor = acceptor.build();
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            // A client that does not trust the certificate hangs up here.
            let Ok(mut tls) = acceptor.accept(stream) else {
                continue;
            };
            let mut buf = [0u8; 4096];
            let _ = tls.read(&mut buf);
            let _ = tls.write_all(
                b"HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"team\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            );
        }
    });
    port
}

#[test]
fn an_https_remote_is_verified_against_the_bundle_named_at_start() {
    let w = World::new();
    let (key, cert) = self_signed();
    let bundle = w.root.join("test-ca.pem");
    std::fs::write(&bundle, cert.to_pem().expect("pem")).expect("write the bundle");
    let port = serve_401(key, cert);
    let https = format!("https://127.0.0.1:{port}/acme/team.git");
    git_out(&w.clone, &["remote", "set-url", "origin", &https]);
    let branches_before = git_out(&w.clone, &["branch", "-a"]);

    let trusted = bundle.to_str().expect("a UTF-8 temp path");
    let r = w.sb_env(&["story", "new", "T-1"], &[("SSL_CERT_FILE", trusted)]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains(&format!("authentication failed for `origin` ({https})")),
        "the handshake succeeds with the server's certificate trusted:\n{}",
        r.stderr
    );

    // An empty directory of certificates and a bundle without this server's.
    let empty_dir = w.root.join("no-certs");
    std::fs::create_dir_all(&empty_dir).expect("mkdir");
    let other = w.root.join("other-ca.pem");
    std::fs::write(&other, self_signed().1.to_pem().expect("pem")).expect("write");
    let r = w.sb_env(
        &["story", "new", "T-2"],
        &[
            ("SSL_CERT_FILE", other.to_str().expect("UTF-8")),
            ("SSL_CERT_DIR", empty_dir.to_str().expect("UTF-8")),
        ],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains(&format!("cannot reach `origin` ({https})"))
            && r.stderr.to_lowercase().contains("certificate"),
        "an untrusted certificate stops the run:\n{}",
        r.stderr
    );
    assert!(!r.stderr.contains("authentication failed"), "{}", r.stderr);

    assert_eq!(git_out(&w.clone, &["branch", "-a"]), branches_before);
    assert!(!w.root.join("stories").exists(), "no worktree was made");
}
