# question: most_similar
# F.cosine_similarity against every row, argsort, and a loop that skips the query
def most_similar(vectors, words, word, topn=10):
    """The topn words of largest cosine similarity with word, the word itself excluded: [(word, similarity), ...]."""
    # ---- YOUR CODE (most_similar) ----
    query = words.index(word)
    similarity = F.cosine_similarity(vectors, vectors[query][None, :], dim=1)  # (V,)
    found = []
    for i in torch.argsort(similarity, descending=True).tolist():
        if i != query:
            found.append((words[i], float(similarity[i])))
        if len(found) == topn:
            break
    return found
    # ---- END YOUR CODE ----
