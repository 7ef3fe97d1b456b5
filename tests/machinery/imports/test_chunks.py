from machinery.imports.chunks import LOOKUP_CHUNK, chunks


def test_values_come_in_chunks_of_the_size_asked():
    assert list(chunks([1, 2, 3, 4, 5], size=2)) == [[1, 2], [3, 4], [5]]


def test_by_default_a_chunk_fits_under_sqlites_limit_of_variables():
    assert LOOKUP_CHUNK < 999
    assert [len(chunk) for chunk in chunks(list(range(LOOKUP_CHUNK + 1)))] == [LOOKUP_CHUNK, 1]
    assert list(chunks([])) == []
