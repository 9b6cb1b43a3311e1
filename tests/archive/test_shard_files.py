"""Dicts kept in shard files by a hash of the key (``cache.shard_files``)."""

from briefing_archive.cache.shard_files import CrcShards


def test_the_keys_among_some_shards_are_those_each_key_s_shard_names():
    shard_of = CrcShards(16)
    keys = [f"briefings/2020-01-{n:02d}-é-{n}.md" for n in range(200)] + ["briefings/\udcff-undecodable.md"]
    wanted = {shard_of(keys[0]), shard_of(keys[7]), "0f"}
    assert shard_of.among(keys, wanted) == [key for key in keys if shard_of(key) in wanted]
    assert shard_of.among(iter(keys), []) == [] and shard_of.among([], wanted) == []
    assert {shard_of(key) for key in keys} <= {f"{n:02x}" for n in range(16)}
