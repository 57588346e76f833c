//! The argon2id work itself, done in a block buffer that the caller keeps and reuses, so that a
//! flood of sign-ins does not allocate and free 19 MiB per hash.
//!
//! Stored hashes are verified with their own parameters. Ones that need no more memory than the
//! live parameters run in the kept buffer; bigger ones (none are written by Marquee, but a hash
//! imported from elsewhere could be) get a one-off buffer of at most [`MAX_ONE_OFF_KIB`], and
//! anything beyond that counts as a mismatch rather than letting a stored string decide how much
//! memory the server takes.

use std::sync::OnceLock;

use argon2::password_hash::phc::{Output, ParamsString, PasswordHash, Salt};
use argon2::{Algorithm, Argon2, Block, Params, Version};

use super::HashError;

/// OWASP's argon2id baseline: 19 MiB, two passes, one lane, 32 bytes of output.
const MEMORY_KIB: u32 = 19_456;
const PASSES: u32 = 2;
const LANES: u32 = 1;
const OUTPUT_LEN: usize = 32;
const SALT_LEN: usize = Salt::RECOMMENDED_LENGTH;

const LIVE: Params = match Params::new(MEMORY_KIB, PASSES, LANES, Some(OUTPUT_LEN)) {
    Ok(params) => params,
    Err(_) => panic!("constant argon2 parameters are invalid"),
};
/// The size of the kept buffer, in 1 KiB blocks.
const LIVE_BLOCKS: usize = LIVE.block_count();
/// The most memory a stored hash with other parameters may make one verification take.
pub const MAX_ONE_OFF_KIB: usize = 64 * 1024;

/// One hashing thread's argon2 blocks, allocated on its first hash and reused for every one after.
#[derive(Default)]
pub struct Memory {
    blocks: Vec<Block>,
}

impl Memory {
    /// Runs `work` on `count` blocks: the kept buffer when they fit in it, else a one-off buffer
    /// (`None` when that would be larger than [`MAX_ONE_OFF_KIB`] or cannot be had).
    fn with_blocks<T>(&mut self, count: usize, work: impl FnOnce(&mut [Block]) -> T) -> Option<T> {
        if count <= LIVE_BLOCKS {
            if self.blocks.is_empty() {
                self.blocks = vec![Block::new(); LIVE_BLOCKS];
            }
            return Some(work(&mut self.blocks[..count]));
        }
        if count > MAX_ONE_OFF_KIB * 1024 / Block::SIZE {
            return None;
        }
        let mut one_off = Vec::new();
        one_off.try_reserve_exact(count).ok()?;
        one_off.resize(count, Block::new());
        Some(work(&mut one_off))
    }

    /// Where the kept buffer is, once allocated.
    #[cfg(test)]
    pub fn kept_buffer(&self) -> Option<*const Block> {
        (self.blocks.len() == LIVE_BLOCKS).then_some(self.blocks.as_ptr())
    }
}

/// Hashes a new password with the live parameters into a PHC string.
pub fn hash(password: &[u8], memory: &mut Memory) -> Result<String, HashError> {
    let failed = |what: &str, error: &dyn std::fmt::Display| HashError::Failed(format!("{what}: {error}"));
    let mut salt = [0u8; SALT_LEN];
    getrandom::fill(&mut salt).map_err(|e| failed("no salt from the OS", &e))?;
    let mut out = [0u8; OUTPUT_LEN];
    let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, LIVE);
    memory
        .with_blocks(LIVE_BLOCKS, |blocks| argon2.hash_password_into_with_memory(password, &salt, &mut out, blocks))
        .ok_or_else(|| HashError::Failed("no memory for the argon2 blocks".into()))?
        .map_err(|e| failed("argon2", &e))?;
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&LIVE).map_err(|e| failed("parameters", &e))?,
        salt: Some(Salt::new(&salt).map_err(|e| failed("salt", &e))?),
        hash: Some(Output::new(&out).map_err(|e| failed("output", &e))?),
    };
    Ok(phc.to_string())
}

/// Checks a password against a stored PHC string, comparing in constant time. Anything that
/// cannot be checked (malformed, not argon2, too much memory) counts as a mismatch.
pub fn verify(password: &[u8], stored: &str, memory: &mut Memory) -> bool {
    let Some(stored) = Stored::parse(stored) else {
        return false;
    };
    let argon2 = Argon2::new(stored.algorithm, stored.version, stored.params.clone());
    let mut out = [0u8; Output::MAX_LENGTH];
    let out = &mut out[..stored.expected.len()];
    let computed = memory
        .with_blocks(stored.params.block_count(), |blocks| {
            argon2.hash_password_into_with_memory(password, &stored.salt, out, blocks)
        })
        .and_then(Result::ok);
    // `Output` compares in constant time.
    computed.is_some() && Output::new(out).is_ok_and(|out| out == stored.expected)
}

/// A hash of a random password with the live parameters, made once per process, for
/// [`verify`]ing unknown emails against at the cost of a real verification.
pub fn decoy(memory: &mut Memory) -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| {
        let mut secret = [0u8; 24];
        // If the OS RNG failed, a fixed decoy still costs the same to check.
        let _ = getrandom::fill(&mut secret);
        hash(&secret, memory).unwrap_or_else(|error| {
            tracing::error!(%error, "could not make the decoy password hash");
            String::new()
        })
    })
}

/// What a stored PHC string says to compute, and the output it expects.
struct Stored {
    algorithm: Algorithm,
    version: Version,
    params: Params,
    salt: Salt,
    expected: Output,
}

impl Stored {
    fn parse(stored: &str) -> Option<Self> {
        let parsed = PasswordHash::new(stored).ok()?;
        Some(Self {
            algorithm: Algorithm::try_from(parsed.algorithm.as_str()).ok()?,
            version: parsed.version.map(Version::try_from).transpose().ok()?.unwrap_or_default(),
            // Includes the output length of the stored hash.
            params: Params::try_from(&parsed).ok()?,
            salt: parsed.salt?,
            expected: parsed.hash?,
        })
    }
}
