//! The parse cache's content hash: xxh3-128 (what the cache uses) against blake3
//! and against the hand-rolled 128-bit hash it replaced, over every file of the
//! synthetic project, hashed one by one as `ParseCache::load` does (on one core,
//! so the figures compare the hashes and not the scheduler).
//!
//! Prints each one's median time over the rounds and its ratio to xxh3's.
//! Run: `cargo bench --bench content_hash`. Set SYNTH_FILES / SYNTH_MB for another size.

use std::hint::black_box;
use std::time::{Duration, Instant};

#[path = "support/synth.rs"]
mod synth;

const ROUNDS: usize = 15;

/// The hash the cache used before xxh3: four multiply-rotate lanes over 8-byte
/// words, seeded with the length, mixed at the end.
fn hand_rolled(bytes: &[u8]) -> u128 {
    const K: [u64; 4] = [
        0x9E37_79B9_7F4A_7C15,
        0xC2B2_AE3D_27D4_EB4F,
        0x1656_67B1_9E37_79F9,
        0xD6E8_FEB8_6659_FD93,
    ];
    let word = |b: &[u8]| {
        let mut w = [0u8; 8];
        w[..b.len()].copy_from_slice(b);
        u64::from_le_bytes(w)
    };
    let mix = |mut z: u64| {
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let len = bytes.len() as u64;
    let mut lanes = [
        0x243F_6A88_85A3_08D3 ^ len,
        0x1319_8A2E_0370_7344 ^ len.rotate_left(16),
        0xA409_3822_299F_31D0 ^ len.rotate_left(32),
        0x082E_FA98_EC4E_6C89 ^ len.rotate_left(48),
    ];
    let step = |lane: u64, word: u64, k: u64| (lane ^ word).wrapping_mul(k).rotate_left(29);
    let mut chunks = bytes.chunks_exact(32);
    for chunk in &mut chunks {
        for (i, (lane, k)) in lanes.iter_mut().zip(K).enumerate() {
            *lane = step(*lane, word(&chunk[i * 8..i * 8 + 8]), k);
        }
    }
    for (i, tail) in chunks.remainder().chunks(8).enumerate() {
        lanes[i] = step(lanes[i], word(tail), K[i]);
    }
    let a = mix(lanes[0] ^ lanes[2].rotate_left(17));
    let b = mix(lanes[1] ^ lanes[3].rotate_left(41) ^ a);
    let a = mix(a ^ b.rotate_left(23));
    (u128::from(a) << 64) | u128::from(b)
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn time(files: &[(std::path::PathBuf, Vec<u8>)], hash: impl Fn(&[u8]) -> u128) -> Duration {
    let runs = (0..ROUNDS)
        .map(|_| {
            let start = Instant::now();
            let mut acc = 0u128;
            for (_, bytes) in files {
                acc ^= hash(black_box(bytes));
            }
            black_box(acc);
            start.elapsed()
        })
        .collect();
    median(runs)
}

fn main() {
    let files = synth::pairs(&synth::generate(&synth::SynthConfig::from_env()));
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    println!(
        "content_hash: {} files, {:.1} MB, median of {ROUNDS} rounds",
        files.len(),
        bytes as f64 / 1e6
    );
    let xxh3 = time(&files, xxhash_rust::xxh3::xxh3_128);
    let blake3 = time(&files, |b| {
        let h = blake3::hash(b);
        u128::from_le_bytes(h.as_bytes()[..16].try_into().unwrap_or_default())
    });
    let hand = time(&files, hand_rolled);
    for (name, t) in [
        ("xxh3-128", xxh3),
        ("blake3", blake3),
        ("hand-rolled", hand),
    ] {
        println!(
            "  {name:<12} {:>8.2} ms  {:>6.2} GB/s  {:.2}x xxh3's time",
            t.as_secs_f64() * 1e3,
            bytes as f64 / t.as_secs_f64() / 1e9,
            t.as_secs_f64() / xxh3.as_secs_f64()
        );
    }
}
