"""jiandu 监督制度问答助手: answers questions about supervision regulations, citing clauses."""

__version__ = "0.1.0"
