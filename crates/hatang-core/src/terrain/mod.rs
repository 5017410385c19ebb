//! Terrain: elevation models, mosaics and path profiles.
